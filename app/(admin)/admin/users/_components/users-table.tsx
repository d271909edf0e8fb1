"use client";
import Link from "next/link";
import { Table, Td, Th, Tr, linkClass } from "@/components/ui/table";
import type { UserRowDto } from "@/lib/dal/users";
import { StatusBadge } from "./status-badge";

/**
 * The users table. A client component for speed, not interactivity: React sends the rows'
 * data instead of every element of every row (README, "How it is built").
 */
export function UsersTable({ users }: { users: UserRowDto[] }) {
  return (
    <Table>
      <thead>
        <tr>
          <Th>Username</Th>
          <Th>Name</Th>
          <Th>Email</Th>
          <Th>Status</Th>
          <Th className="text-right">Groups</Th>
        </tr>
      </thead>
      <tbody>
        {users.map((user) => (
          <Tr key={user.id}>
            <Td>
              <Link href={`/admin/users/${user.id}`} className={linkClass}>
                {user.username}
              </Link>
            </Td>
            <Td>{user.displayName}</Td>
            <Td>{user.email}</Td>
            <Td>
              <StatusBadge status={user.status} />
            </Td>
            <Td className="text-right tabular-nums">{user.groupCount}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
