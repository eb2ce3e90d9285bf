import type { Metadata } from 'next';
import type { ReactNode } from 'react';

export const metadata: Metadata = {
  title: 'Graft Next.js demo',
  description: 'Node web apps mounted inside a Next.js App Router site',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', maxWidth: '46rem', margin: '2rem auto', padding: '0 1rem' }}>{children}</body>
    </html>
  );
}
