/**
 * A security.txt parser written from RFC 9116's ABNF (§4), for tests: it accepts exactly what the
 * grammar accepts (unsigned files; the OpenPGP-signed form is not ours to serve) and says why it
 * rejects anything else.
 *
 *   unsigned     = *line (contact-field eol) *line (expires-field eol) *line [lang-field eol] *line
 *                  ; order of fields within the file is not important (§4)
 *   line         = [ (field / comment) ] eol
 *   eol          = *WSP [CR] LF
 *   field        = ; one of the fields below, or ext-field
 *   fs           = ":"
 *   comment      = "#" *(WSP / VCHAR / %x80-FFFFF)
 *   ext-field    = field-name fs SP unstructured
 *   field-name   = 1*(ALPHA / DIGIT / "-")   (RFC 5322's ftext, narrowed as field names are)
 *   contact-field = "Contact" fs SP uri
 *   expires-field = "Expires" fs SP date-time   ; RFC 3339; exactly once (§2.5.5)
 *   lang-field   = "Preferred-Languages" fs SP lang-values ; at most once (§2.5.8)
 *   lang-values  = Language-Tag *(*WSP "," *WSP Language-Tag)
 *   canonical / encryption / acknowledgments / policy / hiring / csaf = name fs SP uri
 *
 * Every line, the last included, ends with `eol`: a file without a final line ending does not
 * match the grammar. Field names are case-insensitive (§2.4).
 */
export type SecurityTxt = { fields: { name: string; value: string }[]; comments: string[] };

const URI_FIELDS = new Set(["contact", "canonical", "encryption", "acknowledgments", "policy", "hiring", "csaf"]);
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const LANGUAGE_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;
const VISIBLE = /^[\t \x21-\x7e\u0080-\u{10ffff}]*$/u;

export class SecurityTxtError extends Error {}

function isUri(value: string) {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

export function parseSecurityTxt(text: string): SecurityTxt {
  if (text.length === 0) throw new SecurityTxtError("empty file");
  if (!text.endsWith("\n")) throw new SecurityTxtError("the last line has no line ending (eol = *WSP [CR] LF)");
  const lines = text.slice(0, -1).split("\n");
  const fields: SecurityTxt["fields"] = [];
  const comments: string[] = [];
  lines.forEach((raw, index) => {
    const at = `line ${index + 1}`;
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.includes("\r")) throw new SecurityTxtError(`${at}: a CR not followed by LF`);
    const content = line.replace(/[ \t]+$/, "");
    if (content === "") return;
    if (!VISIBLE.test(content)) throw new SecurityTxtError(`${at}: a control character`);
    if (content.startsWith("#")) {
      comments.push(content.slice(1));
      return;
    }
    const match = /^([A-Za-z0-9-]+): (.+)$/.exec(content);
    if (!match) throw new SecurityTxtError(`${at}: neither a field ("Name: value") nor a comment: ${JSON.stringify(content)}`);
    const name = match[1]!;
    const value = match[2]!;
    const key = name.toLowerCase();
    if (URI_FIELDS.has(key) && !isUri(value)) throw new SecurityTxtError(`${at}: ${name} is not a URI: ${value}`);
    if (key === "expires" && !DATE_TIME.test(value)) throw new SecurityTxtError(`${at}: Expires is not an RFC 3339 date-time: ${value}`);
    if (key === "preferred-languages" && !value.split(/[ \t]*,[ \t]*/).every((tag) => LANGUAGE_TAG.test(tag))) throw new SecurityTxtError(`${at}: Preferred-Languages is not a list of language tags: ${value}`);
    fields.push({ name, value });
  });
  const count = (name: string) => fields.filter((f) => f.name.toLowerCase() === name).length;
  if (count("contact") < 1) throw new SecurityTxtError("no Contact field (at least one is required)");
  if (count("expires") !== 1) throw new SecurityTxtError(`Expires must appear exactly once, found ${count("expires")}`);
  if (count("preferred-languages") > 1) throw new SecurityTxtError("Preferred-Languages may appear at most once");
  return { fields, comments };
}

/** The values of one field, in file order. */
export const valuesOf = (parsed: SecurityTxt, name: string) => parsed.fields.filter((f) => f.name.toLowerCase() === name.toLowerCase()).map((f) => f.value);
