// Every string the chat app shows, in English, German, French and Spanish.

const STRINGS = {
  en: {
    title: 'Chat', placeholder: 'Type your message…', send: 'Send', close: 'Close chat',
    reset: 'New conversation', up: 'Helpful', down: 'Not helpful', thanks: 'Thanks for your feedback',
    retry: 'Retry', failed: 'Not sent.', interrupted: 'The answer was interrupted.', typing: 'Writing an answer…',
    busy: 'Too many messages right now. Please try again in a moment.', unavailable: 'The chat is unavailable right now.',
    source: 'Source {n}', sources: 'Sources', messages: 'Messages', suggestions: 'Suggested questions', you: 'You',
    tooLong: 'That message is too long.',
  },
  de: {
    title: 'Chat', placeholder: 'Nachricht eingeben…', send: 'Senden', close: 'Chat schließen',
    reset: 'Neues Gespräch', up: 'Hilfreich', down: 'Nicht hilfreich', thanks: 'Danke für Ihr Feedback',
    retry: 'Erneut versuchen', failed: 'Nicht gesendet.', interrupted: 'Die Antwort wurde unterbrochen.', typing: 'Antwort wird geschrieben…',
    busy: 'Gerade zu viele Nachrichten. Bitte versuchen Sie es gleich noch einmal.', unavailable: 'Der Chat ist gerade nicht verfügbar.',
    source: 'Quelle {n}', sources: 'Quellen', messages: 'Nachrichten', suggestions: 'Vorgeschlagene Fragen', you: 'Sie',
    tooLong: 'Diese Nachricht ist zu lang.',
  },
  fr: {
    title: 'Chat', placeholder: 'Écrivez votre message…', send: 'Envoyer', close: 'Fermer le chat',
    reset: 'Nouvelle conversation', up: 'Utile', down: 'Pas utile', thanks: 'Merci pour votre avis',
    retry: 'Réessayer', failed: 'Non envoyé.', interrupted: 'La réponse a été interrompue.', typing: 'Rédaction de la réponse…',
    busy: 'Trop de messages pour le moment. Réessayez dans un instant.', unavailable: 'Le chat est indisponible pour le moment.',
    source: 'Source {n}', sources: 'Sources', messages: 'Messages', suggestions: 'Questions suggérées', you: 'Vous',
    tooLong: 'Ce message est trop long.',
  },
  es: {
    title: 'Chat', placeholder: 'Escribe tu mensaje…', send: 'Enviar', close: 'Cerrar el chat',
    reset: 'Nueva conversación', up: 'Útil', down: 'No útil', thanks: 'Gracias por tu opinión',
    retry: 'Reintentar', failed: 'No enviado.', interrupted: 'La respuesta se interrumpió.', typing: 'Escribiendo una respuesta…',
    busy: 'Demasiados mensajes ahora mismo. Inténtalo de nuevo en un momento.', unavailable: 'El chat no está disponible ahora mismo.',
    source: 'Fuente {n}', sources: 'Fuentes', messages: 'Mensajes', suggestions: 'Preguntas sugeridas', you: 'Tú',
    tooLong: 'Ese mensaje es demasiado largo.',
  },
};

/** The first supported language among the candidates ("de-AT" → "de"), else English. */
export function pickLang(...candidates) {
  for (const c of candidates) {
    const l = String(c || '').slice(0, 2).toLowerCase();
    if (STRINGS[l]) return l;
  }
  return 'en';
}

/** A translate function for a language: t('source', {n: 2}). */
export function translator(lang) {
  const table = STRINGS[lang] || STRINGS.en;
  return (key, vars) => String(table[key] || STRINGS.en[key] || key).replace(/\{(\w+)\}/g, (_, k) => (vars && k in vars ? vars[k] : ''));
}
