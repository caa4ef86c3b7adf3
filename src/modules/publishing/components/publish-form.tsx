"use client";

import { Link } from "@/components/ui/link";
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import { ActionForm } from "@/components/action-form";
import { Alert } from "@/components/ui/alert";
import type { PublishState } from "../actions";

type Action = (previous: PublishState, form: FormData) => Promise<PublishState>;

const Report = createContext<(state: PublishState) => void>(() => {});

/**
 * Where the publish page says what just happened: "Published #7", the start of its hash and a
 * link to the live page, or a request's outcome. It sits above the forms rather than in them,
 * because a decided request's form leaves the page when the action's response re-renders it
 * (revalidatePath), and its message must not leave with it.
 */
export function PublishFeedback({ slug, children }: { slug: string; children: ReactNode }) {
  const [last, setLast] = useState<PublishState | null>(null);
  return (
    <Report.Provider value={setLast}>
      {last?.status === "success" && last.message ? (
        <div data-testid="publish-feedback" className="mb-4">
          <Alert tone="success" title={last.message}>
            {last.publication ? (
              <>
                <span data-testid="published-seq">Publication #{last.publication.seq}</span> · hash{" "}
                <code className="font-mono text-xs" title={last.publication.hash}>
                  {last.publication.hash.slice(0, 12)}
                </code>
                <span className="sr-only"> (in full: {last.publication.hash})</span>
                <span className="mt-1 flex flex-wrap gap-x-4">
                  <Link href={`/t/${slug}`} target="_blank" rel="noopener">
                    View the live page ↗
                  </Link>
                  <Link href={`/t/${slug}/verify`} target="_blank" rel="noopener">
                    Verify it ↗
                  </Link>
                </span>
              </>
            ) : null}
          </Alert>
        </div>
      ) : null}
      {children}
    </Report.Provider>
  );
}

/** A publishing form: errors beside it (with the way forward), success reported to PublishFeedback. */
export function PublishForm({ action, children, className }: { action: Action; children: ReactNode; className?: string }) {
  const report = useContext(Report);
  const reporting = useCallback(
    async (previous: PublishState, form: FormData) => {
      const state = await action(previous, form);
      report(state); // an error replaces an earlier success: the top of the page never tells old news
      return state;
    },
    [action, report],
  );
  return (
    <ActionForm action={reporting} successTone={false} className={className}>
      {children}
    </ActionForm>
  );
}
