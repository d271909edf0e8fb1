import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-3 px-4 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="text-sm text-slate-600">This page does not exist, or what it showed has been deleted.</p>
      <Link href="/" className="text-sm font-medium text-indigo-700 hover:underline">
        Go to the start page
      </Link>
    </main>
  );
}
