import type { Metadata } from "next";
import { ObjectionsScreen } from "@/modules/notices/components/objections-screen";
import { registerQuerySchema } from "@/modules/notices/schema";
import { objectionRegister } from "@/modules/notices/server/register";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "Objections" };

export default async function ObjectionRegisterPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "objections.review" });
  const raw = await searchParams;
  const query = registerQuerySchema.parse({ status: typeof raw.status === "string" ? raw.status : undefined });
  const register = await objectionRegister({ ctx, query });
  return <ObjectionsScreen slug={slug} role={ctx.role} register={register} />;
}
