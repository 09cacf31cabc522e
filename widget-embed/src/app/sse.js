// A server-sent events parser for a fetch() body: feed it bytes as they arrive, in chunks split
// anywhere (even inside a UTF-8 character or between \r and \n), and it calls onEvent(name, data)
// for each complete event. Follows the WHATWG event-stream rules that matter here: `event:` and
// `data:` fields, multi-line data joined with \n, comments and unknown fields ignored, CRLF/CR/LF.

export class SseParser {
  /** @param {(event: string, data: string) => void} onEvent */
  constructor(onEvent) {
    this.onEvent = onEvent;
    this.decoder = new TextDecoder();
    this.buf = '';
    this.event = '';
    this.data = null;
    this.skipLf = false;
  }

  /** @param {Uint8Array|string} chunk */
  feed(chunk) {
    this.lines(typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true }));
  }

  /** Ends the stream: a last event without its blank line is dropped, as the spec says. */
  end() {
    this.lines(this.decoder.decode());
    this.buf = '';
  }

  lines(text) {
    let s = this.buf + text;
    let i = 0;
    if (this.skipLf && s[0] === '\n') i = 1;
    this.skipLf = false;
    for (;;) {
      const cr = s.indexOf('\r', i), lf = s.indexOf('\n', i);
      const end = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
      if (end < 0) break;
      this.line(s.slice(i, end));
      i = end + 1;
      if (s[end] === '\r') {
        if (i === s.length) this.skipLf = true;
        else if (s[i] === '\n') i++;
      }
    }
    this.buf = s.slice(i);
  }

  line(line) {
    if (line === '') {
      if (this.data !== null) this.onEvent(this.event || 'message', this.data);
      this.event = '';
      this.data = null;
      return;
    }
    if (line[0] === ':') return;
    const c = line.indexOf(':');
    const field = c < 0 ? line : line.slice(0, c);
    let value = c < 0 ? '' : line.slice(c + 1);
    if (value[0] === ' ') value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data = this.data === null ? value : this.data + '\n' + value;
  }
}
