// A jsdom window for tests that need a DOM; its globals are installed on globalThis.
import { JSDOM } from 'jsdom';

export function installDom(url = 'https://parley.test/widget/frame') {
  const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', { url, pretendToBeVisual: true });
  const w = dom.window;
  for (const k of ['window', 'document', 'HTMLElement', 'customElements', 'Node', 'DocumentFragment', 'MessageEvent', 'localStorage', 'navigator', 'location', 'CSSStyleSheet']) {
    Object.defineProperty(globalThis, k, { value: w[k], configurable: true, writable: true });
  }
  return dom;
}
