import "server-only";

import disposableDomains from "disposable-email-domains/index.json";
import disposableWildcards from "disposable-email-domains/wildcard.json";
import freeDomains from "free-email-domains";

/**
 * Which email domains are free mail (gmail.com) or disposable (mailinator.com), from two
 * maintained lists pinned in package.json: `free-email-domains` and `disposable-email-domains`.
 * Loaded once per process into Sets (about 135,000 names, a few MB), on first use.
 *
 * `free-email-domains` ships its list in the package; its postinstall script would re-download
 * the list from three hosts at install time, so package.json's `allowScripts` denies it: what we
 * run is what the lockfile's integrity hash names. Its list also contains many disposable
 * domains, so a domain on both lists counts as disposable (the stricter class).
 *
 * A subdomain is classified as its parent (mx.mailinator.com is disposable), except that a
 * parent which is itself a public second-level suffix (co.cc, net.ua are on the lists) is only
 * matched exactly, or every domain under it would count.
 */
export type DomainClass = { free: boolean; disposable: boolean };

let sets: { free: Set<string>; disposable: Set<string>; wildcard: Set<string> } | undefined;

function lists() {
  sets ??= {
    free: new Set((freeDomains as string[]).map((d) => d.toLowerCase())),
    disposable: new Set((disposableDomains as string[]).map((d) => d.toLowerCase())),
    wildcard: new Set((disposableWildcards as string[]).map((d) => d.toLowerCase())),
  };
  return sets;
}

const SUFFIX_LIKE = /^(co|com|net|org|ac|gov|edu|ne|or|ltd|plc|me|sch|nom|mil|gob|go)\.[a-z]{2,3}$/;

/** The domain of an address (or a domain), lower-cased, without a trailing dot. */
export function emailDomain(emailOrDomain: string): string {
  const at = emailOrDomain.lastIndexOf("@");
  return (at >= 0 ? emailOrDomain.slice(at + 1) : emailOrDomain).trim().toLowerCase().replace(/\.$/, "");
}

/** The domain itself, then each parent with at least two labels: a.b.example.com → b.example.com → example.com. */
export function domainAndParents(domain: string): string[] {
  const labels = domain.split(".").filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i + 2 <= labels.length; i += 1) out.push(labels.slice(i).join("."));
  return out;
}

function listed(set: Set<string>, domain: string) {
  return domainAndParents(domain).some((candidate, i) => set.has(candidate) && (i === 0 || !SUFFIX_LIKE.test(candidate)));
}

export function classifyEmailDomain(emailOrDomain: string): DomainClass {
  const domain = emailDomain(emailOrDomain);
  const { free, disposable, wildcard } = lists();
  const isDisposable = listed(disposable, domain) || listed(wildcard, domain);
  return { disposable: isDisposable, free: !isDisposable && listed(free, domain) };
}
