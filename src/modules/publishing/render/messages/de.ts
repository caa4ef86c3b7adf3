import type { Catalog } from "../i18n";

/** German chrome (the keys and ICU arguments of en.ts; tenant text stays as authored). */
export const de: Catalog = {
  "nav.skip": "Zum Inhalt springen",
  "controls.count": "{count, plural, one {# Kontrolle} other {# Kontrollen}}",
};
