import type { Catalog } from "../i18n";

/** Spanish chrome (the keys and ICU arguments of en.ts; tenant text stays as authored). */
export const es: Catalog = {
  "nav.skip": "Ir al contenido",
  "controls.count": "{count, plural, one {# control} other {# controles}}",
};
