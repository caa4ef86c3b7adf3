/**
 * The public page's chrome in English: ICU MessageFormat strings (plural, select, number and
 * date arguments), formatted by intl-messageformat. Tenant-authored text never goes here: it is
 * shown in the language it was written in. Every other language's catalog has exactly these
 * keys (the type makes a missing key a compile error).
 */
export const en = {
  "nav.skip": "Skip to content",
  "controls.count": "{count, plural, one {# control} other {# controls}}",
} as const;
