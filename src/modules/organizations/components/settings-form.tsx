"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { TextAreaField, TextField } from "@/components/ui/field";
import { Select, optionsOf } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { LOCALE_NAMES, LOCALES, type Locale } from "@/lib/locales";
import { updateSettingsAction, type SettingsState } from "../actions";
import { MAX_LOGO_BYTES, MAX_OVERVIEW_LENGTH } from "../schema";

type Settings = {
  name: string;
  slug: string;
  overview: string;
  brandColor: string | null;
  securityContactEmail: string | null;
  hasLogo: boolean;
  requireMfa: boolean;
  requirePublishApproval: boolean;
  subprocessorNoticeDays: number;
  pageVersion: string | null;
  /** YYYY-MM-DD */
  pageEffectiveDate: string | null;
  language: Locale;
  version: number;
};

export function SettingsForm({ settings, canEdit }: { settings: Settings; canEdit: boolean }) {
  const [state, action] = useActionState(updateSettingsAction.bind(null, settings.slug), {
    status: "idle",
    version: settings.version,
  } satisfies SettingsState);
  const errors = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-6">
      <input type="hidden" name="version" value={state.version ?? settings.version} />
      {state.status === "success" && state.message ? <Alert tone="success">{state.message}</Alert> : null}
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <fieldset disabled={!canEdit} className="space-y-6">
        <TextField name="name" label="Name" defaultValue={settings.name} required maxLength={100} errors={errors.name} />
        <TextAreaField
          name="overview"
          label="Overview"
          rows={10}
          defaultValue={settings.overview}
          maxLength={MAX_OVERVIEW_LENGTH}
          hint="Markdown. Shown at the top of your public trust center. Links may use http, https or mailto; HTML is not rendered."
          errors={errors.overview}
        />
        <TextField
          name="securityContactEmail"
          label="Security contact email"
          type="email"
          defaultValue={settings.securityContactEmail ?? ""}
          hint="Where researchers and customers report security issues."
          errors={errors.securityContactEmail}
        />
        <TextField
          name="brandColor"
          label="Brand colour"
          defaultValue={settings.brandColor ?? ""}
          placeholder="#1f6feb"
          pattern="#[0-9a-fA-F]{6}"
          hint="A hex colour, used for accents on your public page."
          errors={errors.brandColor}
        />
        <div className="space-y-2">
          <TextField
            name="logo"
            label="Logo"
            type="file"
            accept="image/png,image/jpeg,image/webp"
            hint={`PNG, JPEG or WebP, up to ${MAX_LOGO_BYTES / 1024} KB.${settings.hasLogo ? " A logo is set; choose a file to replace it." : ""}`}
            errors={errors.logo}
          />
          {settings.hasLogo ? (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="removeLogo" /> Remove the current logo
            </label>
          ) : null}
        </div>
        <div className="space-y-1.5">
          <input type="hidden" name="requireMfaField" value="present" />
          <label className="flex items-center gap-2 text-sm font-medium">
            <input type="checkbox" name="requireMfa" defaultChecked={settings.requireMfa} /> Require a second factor for every member
          </label>
          <p className="text-xs text-zinc-500">
            Members without an authenticator app are stopped at a page that walks them through setting one up.
          </p>
          {errors.requireMfa ? <p className="text-sm text-red-700 dark:text-red-400" role="alert">{errors.requireMfa[0]}</p> : null}
        </div>
        <div className="space-y-1.5">
          <input type="hidden" name="requirePublishApprovalField" value="present" />
          <label className="flex items-center gap-2 text-sm font-medium">
            <input type="checkbox" name="requirePublishApproval" defaultChecked={settings.requirePublishApproval} /> Require a second person to publish
          </label>
          <p className="text-xs text-zinc-500">
            Nobody publishes directly: every publication is a request, and an owner or admin other than the one who asked approves it.
          </p>
        </div>
        <NoticeDaysField value={settings.subprocessorNoticeDays} error={errors.subprocessorNoticeDays?.[0]} />
        <PageFields settings={settings} errors={errors} />
      </fieldset>
      {canEdit ? <SubmitButton>Save settings</SubmitButton> : null}
    </form>
  );
}

/** The page's version and effective date (issue 15): "v1.4.2, effective 1 April 2026"; and its language (ADR 038). */
function PageFields({ settings, errors }: { settings: Settings; errors: Record<string, string[] | undefined> }) {
  return (
    <>
      <TextField
        name="pageVersion"
        label="Page version"
        defaultValue={settings.pageVersion ?? ""}
        placeholder="v1.4.2"
        maxLength={40}
        hint="Shown on your public page with the effective date: “v1.4.2, effective 1 April 2026”. Blank: not shown."
        errors={errors.pageVersion}
      />
      <TextField name="pageEffectiveDate" label="Effective date" type="date" defaultValue={settings.pageEffectiveDate ?? ""} errors={errors.pageEffectiveDate} />
      <LanguageField value={settings.language} errors={errors.language} />
    </>
  );
}

/** The public page's default language (ADR 038). */
function LanguageField({ value, errors }: { value: Locale; errors: string[] | undefined }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor="language" className="text-sm font-medium">
        Page language
      </label>
      <Select id="language" name="language" defaultValue={value} options={optionsOf(LOCALES, LOCALE_NAMES)} aria-invalid={errors ? true : undefined} aria-describedby="language-hint" />
      <p id="language-hint" className="text-xs text-zinc-500">
        The language of your public page&apos;s labels, dates and the emails prospects receive, for visitors whose browser asks for none of English, German, French, Dutch, Spanish and Italian (the others see their own). What you write is shown as you wrote it.
      </p>
      {errors?.[0] ? <p className="text-sm text-red-700 dark:text-red-400" role="alert">{errors[0]}</p> : null}
    </div>
  );
}

/** The subprocessor notice period (ADR 031). */
function NoticeDaysField({ value, error }: { value: number; error: string | undefined }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor="subprocessorNoticeDays" className="text-sm font-medium">
        Subprocessor notice period (days)
      </label>
      <input id="subprocessorNoticeDays" name="subprocessorNoticeDays" type="number" min={0} max={365} defaultValue={value} className="block w-28 rounded-md border border-zinc-300 px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900" />
      <p className="text-xs text-zinc-500">
        A new subprocessor, or a change of one&apos;s purpose, data or location, takes effect no sooner than this many days after it is saved, unless marked urgent with a public reason. 0: no notice.
      </p>
      {error ? <p className="text-sm text-red-700 dark:text-red-400" role="alert">{error}</p> : null}
    </div>
  );
}
