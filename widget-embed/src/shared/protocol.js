// The postMessage protocol between the loader (host page) and the chat app (Parley iframe).
// Every message is a plain object {v: 1, type, ...}. A receiver accepts a message only when it
// comes from the exact origin AND the exact window it expects, carries version 1 and a type the
// receiver handles. See docs/decisions/DD-030-widget-frontend.md.
//
//   iframe → loader: READY, CLOSE, UNREAD {count}, MESSAGE {role, text}, STORE {data: string|null},
//                    ERROR {code} (ignored by the loader; RESIZE {height} is reserved, not sent)
//   loader → iframe: CONFIG {open, focus, saved?: string, identity?: jwt}, OPEN, CLOSE, NEW_CONVERSATION,
//                    IDENTIFY {token}
// STORE/saved: the loader keeps `data` (the visitor's session and draft, JSON) in the host page's
// localStorage for an iframe the browser gives no storage (third-party storage blocked), and hands it
// back in CONFIG. New fields and types are additions a receiver of version 1 ignores; `v` changes only
// when a message changes its meaning. The loader checks origin, source and version inline (bytes).
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
