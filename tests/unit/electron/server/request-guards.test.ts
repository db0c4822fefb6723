import { describe, expect, it } from 'vitest';
import { allowedHostnames, isLoopback, parseHostHeader } from '../../../../electron/server/request-guards.js';

describe('Host header parsing and the allowed names', () => {
  it('splits a name or bracketed IPv6 address from its port, and refuses anything else', () => {
    expect(parseHostHeader('127.0.0.1:4777')).toEqual({ hostname: '127.0.0.1', port: 4777 });
    expect(parseHostHeader('LocalHost:80')).toEqual({ hostname: 'localhost', port: 80 });
    expect(parseHostHeader('[::1]:4777')).toEqual({ hostname: '[::1]', port: 4777 });
    expect(parseHostHeader('localhost')).toEqual({ hostname: 'localhost', port: 80 });
    expect(parseHostHeader('localhost', 443)).toEqual({ hostname: 'localhost', port: 443 });
    for (const bad of ['', '127.0.0.1:0', '127.0.0.1:65536', 'a@127.0.0.1:1', '127.0.0.1:1/x', '::1:4777', '[::1]x:1', 'a b:1', '127.0.0.1:1:2']) {
      expect(parseHostHeader(bad), bad).toBeNull();
    }
  });

  it('allows the loopback names when bound to loopback, only the bound address otherwise, any name on a wildcard', () => {
    expect([...allowedHostnames('127.0.0.1')!].sort()).toEqual(['127.0.0.1', '[::1]', 'localhost']);
    expect(allowedHostnames('::1')!.has('[::1]')).toBe(true);
    expect(allowedHostnames('127.0.0.2')!.has('127.0.0.2')).toBe(true);
    expect([...allowedHostnames('192.168.1.20')!]).toEqual(['192.168.1.20']);
    expect(allowedHostnames('0.0.0.0')).toBeNull();
    const loopback = allowedHostnames('127.0.0.1')!;
    for (const evil of ['127.0.0.1.evil.example', '127.attacker.example', 'localhost.', '127.0.0.2']) expect(loopback.has(evil), evil).toBe(false);
    expect(isLoopback('127.0.0.1.evil.example')).toBe(false);
    expect(isLoopback('[::1]')).toBe(true);
  });
});
