// First: Next's request-scope storage must exist before any Next module loads (see the file).
import { inRequestScope } from "../support/next-request";
import { describe, expect, it } from "vitest";
import { saveItemAction } from "@/modules/content/actions";
import type { SaveState } from "@/modules/content/actions";
import { setClock } from "@/server/clock";
import { withTenant } from "@/server/db/tenant";
import { createOrg } from "../support/factories";
import { setNoticeDays } from "../support/notices";
import { sessionFor } from "../support/tenant-world";

/**
 * A refused save loses nothing (issue 13's review: the subprocessor form came back empty after the
 * notice period refused its date). The action gives back what was typed; the form puts it back.
 */
describe("the content form after a refused save", () => {
  it("gets back every field as typed, the urgent choice and the markup included, and nothing is stored", async () => {
    setClock(() => Date.parse("2026-12-01T10:00:00.000Z"));
    try {
      const { org, ctx, owner } = await createOrg(undefined, "Kept");
      await setNoticeDays(ctx, 30);
      const typed = { vendor: "Postmark <b>EU</b>", website: "https://postmarkapp.com", purpose: "Transactional email", dataCategories: "email addresses", location: "Ireland", transferMechanism: "", since: "", status: "ACTIVE", effectiveDate: "2026-12-02", urgent: "no", urgentReason: "", removedAt: "", visibility: "PUBLIC" };
      const form = new FormData();
      for (const [name, value] of Object.entries(typed)) form.set(name, value);
      const outcome = await inRequestScope({ cookie: `candor.session=${await sessionFor(owner)}` }, () => saveItemAction(org.slug, "subprocessors", null, { status: "idle" }, form));
      if (!("returned" in outcome)) throw new Error(`redirected to ${outcome.redirect}`);
      const state = outcome.returned as SaveState;
      expect(state.status).toBe("error");
      expect(state.fieldErrors?.effectiveDate?.[0]).toContain("2026-12-31");
      expect(state.values).toMatchObject({ vendor: "Postmark <b>EU</b>", purpose: "Transactional email", dataCategories: "email addresses", location: "Ireland", effectiveDate: "2026-12-02", urgent: "no", visibility: "PUBLIC" });
      expect(await withTenant({ orgId: org.id }, (tx) => tx.subprocessor.count({ where: { orgId: org.id } }))).toBe(0);
    } finally {
      setClock();
    }
  });
});
