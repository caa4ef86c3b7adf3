import { Link } from "@/components/ui/link";
import { Card } from "@/components/ui/card";
import { SETUP_STEPS, type SetupStep } from "../setup";

/**
 * The overview's setup checklist: controls → subprocessors → disclosure policy → publish → custom
 * domain, each done or not from the organisation's rows, each linking to where it is done. Gone
 * once every step is done.
 */
export function SetupChecklist({ slug, steps }: { slug: string; steps: readonly SetupStep[] }) {
  const done = steps.filter((step) => step.done).length;
  if (done === steps.length) return null;
  return (
    <Card className="md:col-span-2">
      <section aria-labelledby="setup-heading" data-testid="setup-checklist">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="setup-heading" className="text-lg font-semibold">
            Set up your trust center
          </h2>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {done} of {steps.length} done
          </p>
        </div>
        <ol className="mt-3 space-y-2">
          {steps.map((step, index) => {
            const spec = SETUP_STEPS[step.key];
            return (
              <li key={step.key} className="flex items-start gap-3 text-sm" data-testid={`setup-${step.key}`} data-done={step.done ? "true" : "false"}>
                <span
                  aria-hidden="true"
                  className={`mt-0.5 inline-flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-xs font-semibold ${step.done ? "bg-emerald-600 text-white" : "border border-zinc-400 text-zinc-600 dark:text-zinc-300"}`}
                >
                  {step.done ? "✓" : index + 1}
                </span>
                <span>
                  <Link href={`/dashboard/${slug}/${spec.path}`} className={step.done ? "text-zinc-500 line-through dark:text-zinc-400" : "font-medium"}>
                    {spec.label}
                  </Link>
                  <span className="sr-only">{step.done ? " (done)" : " (not done yet)"}</span>
                  {step.done ? null : <span className="block text-zinc-600 dark:text-zinc-400">{spec.hint}</span>}
                </span>
              </li>
            );
          })}
        </ol>
      </section>
    </Card>
  );
}
