import { Card, CardBody, CardHeader, Content, Title } from '@patternfly/react-core';
import type { ReactNode } from 'react';

import { usePageTitle } from './console-page';

/** Sign-in, password and download pages: one card on a plain background, in the console's look. */
export function StandalonePage({
  title,
  area,
  intro,
  children,
}: {
  title: string;
  area: string;
  intro?: ReactNode;
  children: ReactNode;
}) {
  usePageTitle(title, area);
  return (
    <main className="standalone" id="main">
      <p className="standalone-brand">Coffer</p>
      <Card className="standalone-card">
        <CardHeader>
          <Title headingLevel="h1" size="2xl">
            {title}
          </Title>
          {intro && <Content component="p">{intro}</Content>}
        </CardHeader>
        <CardBody>{children}</CardBody>
      </Card>
    </main>
  );
}
