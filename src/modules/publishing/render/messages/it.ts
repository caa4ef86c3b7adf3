import type { Catalog } from "../i18n";

/** Italian chrome (the keys and ICU arguments of en.ts; tenant text stays as authored). */
export const it: Catalog = {
  "nav.skip": "Vai al contenuto",
  "controls.count": "{count, plural, one {# controllo} other {# controlli}}",
};
