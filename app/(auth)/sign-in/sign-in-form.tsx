"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Field, Input, fieldProps } from "@/components/ui/field";
import { signInSchema, type SignInInput } from "@/lib/schemas/auth";
import { signInAction } from "./actions";

export function SignInForm({ callbackUrl }: { callbackUrl?: string }) {
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const { register, handleSubmit, formState } = useForm<SignInInput>({ resolver: zodResolver(signInSchema) });
  const errors = formState.errors;

  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setError(undefined);
      const result = await signInAction(values, callbackUrl);
      if (result?.error) setError(result.error);
    }),
  );

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
      <Field id="username" label="Username or email" error={errors.username?.message}>
        <Input
          autoComplete="username"
          autoFocus
          {...fieldProps("username", errors.username?.message)}
          {...register("username")}
        />
      </Field>
      <Field id="password" label="Password" error={errors.password?.message}>
        <Input
          type="password"
          autoComplete="current-password"
          {...fieldProps("password", errors.password?.message)}
          {...register("password")}
        />
      </Field>
      <Button type="submit" className="w-full" pending={pending}>
        Sign in
      </Button>
    </form>
  );
}
