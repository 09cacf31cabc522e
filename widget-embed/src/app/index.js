// Entry of the iframe chat app: defines <parley-chat> and puts one on the page if the server's
// frame page has none. The stylesheet's hashed name is put in by the build (see build.mjs).
import { ParleyChat } from './chat.js';

const me = document.currentScript;
/* global __PARLEY_CSS__ */
const cssName = typeof __PARLEY_CSS__ === 'string' ? __PARLEY_CSS__ : '';
if (cssName) {
  ParleyChat.css = new URL(cssName, (me && me.src) || location.href).href;
  // the same file also styles the frame page itself (html, body, the element's box)
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = ParleyChat.css;
  document.head.appendChild(link);
}
if (!customElements.get('parley-chat')) customElements.define('parley-chat', ParleyChat);
const start = () => document.querySelector('parley-chat') || document.body.appendChild(document.createElement('parley-chat'));
document.readyState === 'loading' ? document.addEventListener('DOMContentLoaded', start) : start();
