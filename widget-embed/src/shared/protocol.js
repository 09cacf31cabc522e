// The postMessage protocol between the loader (host page) and the chat app (Parley iframe).
// Every message is a plain object {v: 1, type, ...}. A receiver accepts a message only when it
// comes from the exact origin AND the exact window it expects, carries version 1 and a type the
// receiver handles. See docs/decisions/DD-030-widget-frontend.md.
//
//   iframe → loader: READY, CLOSE, UNREAD {count}, RESIZE {height}, MESSAGE {role, text}, ERROR {code}
//   loader → iframe: CONFIG {open, focus, lang}, OPEN, CLOSE, NEW_CONVERSATION, IDENTIFY {token}
//   Parley's own preview page → iframe: PREVIEW {config} (unsaved settings; only when the host is Parley itself)

/**
 * The message carried by a `message` event, or null when it must be ignored.
 * @param {MessageEvent} e
 * @param {string} origin the one origin we talk to
 * @param {Window|null|undefined} source the one window we talk to
 * @param {Record<string, Function>} handlers the receiver's handlers, one per type it accepts
 */
export function accept(e, origin, source, handlers) {
  const d = e && e.data;
  return origin && source && e.origin === origin && e.source === source && d && d.v === 1
    && {}.hasOwnProperty.call(handlers, d.type) ? d : null;
}

/** A message of this protocol. */
export const msg = (type, fields) => ({ ...fields, v: 1, type });
