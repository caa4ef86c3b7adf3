import pg from "pg";
import { describe, expect, it } from "vitest";
import { createOrganization, getOrganizationSettings, updateOrganizationSettings } from "@/modules/organizations/server/organizations";
import { withTenant, withUser } from "@/server/db/tenant";
import { AppError } from "@/server/errors";
import { createOrg, createUser } from "../support/factories";

const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");

describe("creating an organisation", () => {
  it("makes its creator the OWNER", async () => {
    const user = await createUser();
    const org = await createOrganization({ user, input: { name: "  Globex  ", slug: "Globex-Corp" } });
    expect(org).toMatchObject({ name: "Globex", slug: "globex-corp" });
    const members = await withTenant({ orgId: org.id }, (tx) => tx.member.findMany({ where: { orgId: org.id } }));
    expect(members).toEqual([expect.objectContaining({ userId: user.id, role: "OWNER" })]);
  });

  it("answers a taken address with a field error, and writes nothing", async () => {
    const user = await createUser();
    await createOrganization({ user, input: { name: "Initech", slug: "initech" } });
    const other = await createUser();
    const error = await createOrganization({ user: other, input: { name: "Initech 2", slug: "initech" } }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("conflict");
    expect(error.details.fieldErrors.slug[0]).toMatch(/taken/);
    expect(await withUser(other.id, (tx) => tx.member.count({ where: { userId: other.id } }))).toBe(0);
  });

  it.each([
    ["reserved", "admin", /reserved/],
    ["reserved", "api", /reserved/],
    ["too short", "ab", /too short/],
    ["too long", "a".repeat(41), /too long/],
    ["bad characters", "acme_inc", /lowercase letters, digits and hyphens/],
    ["leading hyphen", "-acme", /lowercase letters, digits and hyphens/],
  ])("rejects a %s address (%s)", async (_label, slug, message) => {
    const user = await createUser();
    const error = await createOrganization({ user, input: { name: "X", slug } }).catch((e) => e);
    expect(error.name).toBe("ZodError");
    expect(error.issues[0].message).toMatch(message);
  });

  it("the database refuses a malformed slug even if validation were bypassed", async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await expect(client.query(`INSERT INTO "Organization" (slug, name) VALUES ('Bad Slug!', 'x')`)).rejects.toThrow(/Organization_slug_format/);
    } finally {
      await client.end();
    }
  });
});

describe("organisation settings", () => {
  it("saves, and a stale second editor gets a conflict instead of overwriting", async () => {
    const { ctx } = await createOrg();
    const loaded = await getOrganizationSettings({ ctx });
    await updateOrganizationSettings({ ctx, input: { ...loaded, overview: "First editor", version: loaded.version }, logo: { kind: "keep" } });
    const stale = await updateOrganizationSettings({ ctx, input: { ...loaded, overview: "Second editor", version: loaded.version }, logo: { kind: "keep" } }).catch((e) => e);
    expect(stale).toBeInstanceOf(AppError);
    expect(stale.code).toBe("conflict");
    expect((await getOrganizationSettings({ ctx })).overview).toBe("First editor");
  });

  it("rejects bad values field by field and saves nothing", async () => {
    const { ctx } = await createOrg();
    const before = await getOrganizationSettings({ ctx });
    const error = await updateOrganizationSettings({
      ctx,
      input: { name: "", overview: "x".repeat(20_001), brandColor: "red; background:url(x)", securityContactEmail: "a@b.com\nBcc: c@d.com", version: before.version },
      logo: { kind: "keep" },
    }).catch((e) => e);
    expect(error.name).toBe("ZodError");
    const fields = new Set(error.issues.map((i: { path: string[] }) => i.path[0]));
    expect(fields).toEqual(new Set(["name", "overview", "brandColor", "securityContactEmail"]));
    expect(await getOrganizationSettings({ ctx })).toEqual(before);
  });

  it("accepts a real PNG logo and refuses other files whatever they are called", async () => {
    const { ctx } = await createOrg();
    const { version } = await getOrganizationSettings({ ctx });
    const input = { name: ctx.org.name, overview: "", version };
    await updateOrganizationSettings({ ctx, input, logo: { kind: "replace", bytes: PNG } });
    const org = await withTenant({ orgId: ctx.org.id }, (tx) => tx.organization.findUniqueOrThrow({ where: { id: ctx.org.id } }));
    expect(org.logoMimeType).toBe("image/png");

    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const html = Buffer.from("<!doctype html><script>alert(1)</script>");
    for (const bytes of [svg, html]) {
      const error = await updateOrganizationSettings({ ctx, input: { ...input, version: version + 1 }, logo: { kind: "replace", bytes } }).catch((e) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error.details.fieldErrors.logo[0]).toMatch(/PNG, JPEG or WebP/);
    }
    const tooBig = Buffer.concat([PNG, Buffer.alloc(600 * 1024)]);
    const error = await updateOrganizationSettings({ ctx, input: { ...input, version: version + 1 }, logo: { kind: "replace", bytes: tooBig } }).catch((e) => e);
    expect(error.details.fieldErrors.logo[0]).toMatch(/at most 512 KB/);
  });
});
