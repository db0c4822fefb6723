// The WER the benchmarks and the tests both quote: one implementation, in bench/.
export { normaliseWords, wordErrorRate } from '../../bench/wer.js';
