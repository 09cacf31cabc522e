// The chat app's client of Parley's public widget API and chat API (same origin as the iframe).
import { SseParser } from './sse.js';

export class ApiError extends Error {
  constructor(status, message, retryAfter) {
    super(message || 'HTTP ' + status);
    this.status = status;
    this.retryAfter = retryAfter;
  }
}

async function check(res) {
  if (res.ok) return res;
  let message = '';
  try { message = (await res.json()).error; } catch { /* not JSON */ }
  throw new ApiError(res.status, message, Number(res.headers.get('Retry-After')) || 0);
}

const json = (body) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

export class Api {
  constructor(base = '', fetchFn = (...a) => fetch(...a)) {
    this.base = base;
    this.fetch = fetchFn;
    this.token = null;
  }

  async get(path, auth = true) {
    return (await check(await this.fetch(this.base + path, { headers: this.auth(auth) }))).json();
  }

  auth(on) {
    return on && this.token ? { Authorization: 'Bearer ' + this.token } : {};
  }

  /** GET /api/v1/widget/config?bot=pk_…&host=<host page origin> (the server answers only for an allowed host) */
  config(bot, host) {
    return this.get('/api/v1/widget/config?' + new URLSearchParams(host ? { bot, host } : { bot }), false);
  }

  /** POST /api/v1/widget/sessions → {token, expiresAt, conversationId, visitorId} */
  async session(body) {
    const s = await (await check(await this.fetch(this.base + '/api/v1/widget/sessions', json(body)))).json();
    this.token = s.token;
    return s;
  }

  history(conversationId) {
    return this.get('/api/v1/conversations/' + encodeURIComponent(conversationId) + '/messages');
  }

  async feedback(messageId, rating) {
    const init = json({ rating });
    Object.assign(init.headers, this.auth(true));
    await check(await this.fetch(this.base + '/api/v1/messages/' + encodeURIComponent(messageId) + '/feedback', init));
  }

  /**
   * Sends a message and reads the answer stream, calling onEvent(name, parsedJson) for
   * sources/delta/done/error. Resolves when the stream ends; throws ApiError for a refusal
   * before the stream, or a TypeError/AbortError when the network drops.
   */
  async send(conversationId, content, idempotencyKey, onEvent, signal) {
    const init = json({ content, idempotencyKey });
    Object.assign(init.headers, this.auth(true), { Accept: 'text/event-stream', 'Idempotency-Key': idempotencyKey });
    init.signal = signal;
    const res = await check(await this.fetch(this.base + '/api/v1/conversations/' + encodeURIComponent(conversationId) + '/messages', init));
    const parser = new SseParser((name, data) => {
      let value;
      try { value = JSON.parse(data); } catch { return; }
      onEvent(name, value);
    });
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(value);
    }
    parser.end();
  }
}
