import type { Catalog } from "../i18n";

/** Dutch chrome (the keys and ICU arguments of en.ts; tenant text stays as authored). */
export const nl: Catalog = {
  "nav.skip": "Naar de inhoud",
  "controls.count": "{count, plural, one {# maatregel} other {# maatregelen}}",
};
