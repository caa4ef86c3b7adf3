import type { Catalog } from "../i18n";

/** French chrome (the keys and ICU arguments of en.ts; tenant text stays as authored). */
export const fr: Catalog = {
  "nav.skip": "Aller au contenu",
  "controls.count": "{count, plural, one {# contrôle} other {# contrôles}}",
};
