"use client";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, fieldProps } from "@/components/ui/field";
import { signInAction } from "./actions";

export function SignInForm({ callbackUrl }: { callbackUrl?: string }) {
  const [state, action, pending] = useActionState(signInAction, {});
  const errors = state.fieldErrors ?? {};
  return (
    <form action={action} noValidate className="space-y-4">
      {state.error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.error}
        </p>
      )}
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? ""} />
      <Field id="username" label="Username or email" error={errors.username}>
        <Input
          name="username"
          autoComplete="username"
          autoFocus
          defaultValue={state.username}
          key={state.username}
          {...fieldProps("username", errors.username)}
        />
      </Field>
      <Field id="password" label="Password" error={errors.password}>
        <Input
          name="password"
          type="password"
          autoComplete="current-password"
          {...fieldProps("password", errors.password)}
        />
      </Field>
      <Button type="submit" className="w-full" pending={pending}>
        Sign in
      </Button>
    </form>
  );
}
