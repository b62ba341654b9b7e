import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiSend, connectSession, getJson, upload } from './api.ts';

// The one fetch layer: what it sends (CSRF token, JSON or multipart) and what it makes of answers.

interface Call { url: string; init: RequestInit }
let calls: Call[] = [];
let answer: () => Response;
let unauthorized = 0;

const json = (status: number, body: unknown) => () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

beforeEach(() => {
  calls = [];
  unauthorized = 0;
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    calls.push({ url, init });
    return answer();
  });
  connectSession({ csrfToken: () => 'token-1', onUnauthorized: () => { unauthorized += 1; } });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the fetch layer', () => {
  it('sends JSON writes with the session\'s CSRF token', async () => {
    answer = json(200, { id: 3 });
    await expect(apiSend('PATCH', '/api/tasks/3', { status: 'done' })).resolves.toEqual({ id: 3 });
    const headers = calls[0].init.headers as Record<string, string>;
    expect(calls[0].init.method).toBe('PATCH');
    expect(headers['x-csrf-token']).toBe('token-1');
    expect(headers['content-type']).toBe('application/json');
    expect(calls[0].init.body).toBe('{"status":"done"}');
  });

  it('sends uploads as multipart (no JSON content type) with the token', async () => {
    answer = json(200, { rows: 2 });
    const form = new FormData();
    form.set('layer', 'x');
    await upload('/api/budget/pots/1/last-year/import', form);
    const headers = calls[0].init.headers as Record<string, string>;
    expect(calls[0].init.body).toBe(form);
    expect(headers['content-type']).toBeUndefined();
    expect(headers['x-csrf-token']).toBe('token-1');
  });

  it('turns the bilingual error envelope into one ApiError with field and details', async () => {
    answer = json(422, { error: { code: 'validation', message: { de: 'Falsch.', en: 'Wrong.' }, location: { field: 'name' }, details: { errors: [{ line: 2 }] } } });
    const err = await apiSend('POST', '/api/groups', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'validation', status: 422, text: { de: 'Falsch.', en: 'Wrong.' }, field: 'name', details: { errors: [{ line: 2 }] } });
    expect(unauthorized).toBe(0);
  });

  it('ends the session on a 401 of a write, not of the sign-in itself', async () => {
    answer = json(401, { error: { code: 'unauthenticated', message: { de: 'Anmelden.', en: 'Sign in.' } } });
    await expect(apiSend('POST', '/api/selections', {})).rejects.toBeInstanceOf(ApiError);
    expect(unauthorized).toBe(1);
    await expect(apiSend('POST', '/api/auth/login', {})).rejects.toBeInstanceOf(ApiError);
    expect(unauthorized).toBe(1);
  });

  it('names the status when the server sends no envelope, and a network failure as such', async () => {
    answer = () => new Response('oops', { status: 502 });
    await expect(getJson('/api/meta')).rejects.toMatchObject({ code: 'http_502', text: { en: 'Error 502 from the server.' } });
    answer = () => { throw new TypeError('failed'); };
    await expect(getJson('/api/meta')).rejects.toMatchObject({ code: 'network', status: 0 });
  });

  it('answers a 204 write with null', async () => {
    answer = () => new Response(null, { status: 204 });
    await expect(apiSend('DELETE', '/api/selections/1')).resolves.toBeNull();
  });
});
