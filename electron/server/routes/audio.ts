import type { FastifyInstance } from 'fastify';
import type { Earshot } from '../../services/earshot.js';
import type { PathGuard } from '../../services/_utils/path-policy.js';
import { sendAudio } from '../../services/transcripts/job-audio.js';
import { EarshotError } from '../../shared/errors.js';
import { JOBS_ROUTE } from '../../shared/http.js';
import { sendError } from '../http-errors.js';

/**
 * GET (and HEAD) /api/jobs/:id/audio: a job's audio for the editor's player, with HTTP Range (206 partial content,
 * 416 for a range past the end) through @fastify/send; the transcripts feature chooses the file (the converted WAV,
 * else a browser-playable source the server's path guard may read, else a WAV converted from it for playback). The Host/Origin guard and the version gate apply
 * as on every route. Errors answer `{ error: { code, message } }`: 400 for an id that is not a UUID, 404 for an
 * unknown job or one with no playable audio, 403 for a source outside the data directory.
 */
export function registerAudioRoute(app: FastifyInstance, earshot: Pick<Earshot, 'transcripts'>, guard: PathGuard): void {
  app.route({
    method: ['GET', 'HEAD'],
    url: `${JOBS_ROUTE}/:id/audio`,
    handler: async (req, reply) => {
      const { id } = req.params as { id: string };
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
        return sendError(reply, { code: 'BAD_REQUEST', message: `invalid job id ${JSON.stringify(id)}: not a UUID` });
      }
      try {
        const audio = await earshot.transcripts.audio(id, { clientId: null, guard });
        const { statusCode, headers, stream } = await sendAudio(req.raw, audio);
        if (statusCode >= 400) {
          stream.destroy();
          const message = statusCode === 416 ? `range ${req.headers.range ?? ''} is outside the audio` : `cannot send the audio (${statusCode})`;
          return sendError(reply, { code: statusCode === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', message }, {}, statusCode);
        }
        return reply.code(statusCode).headers(headers).send(stream);
      } catch (err) {
        return sendError(reply, EarshotError.from(err));
      }
    },
  });
}
