import { Content, PageSection, Title } from '@patternfly/react-core';
import { type ReactNode, useEffect } from 'react';

/** The browser tab says where you are: "Users · Coffer console". */
export function usePageTitle(title: string, area = 'Coffer console'): void {
  useEffect(() => {
    document.title = `${title} · ${area}`;
  }, [title, area]);
}

/** A console page: its title (h1 and browser tab), an optional line saying what it is for, actions. */
export function ConsolePage({
  title,
  description,
  actions,
  children,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  usePageTitle(title);
  return (
    <>
      <PageSection>
        <div className="page-heading">
          <div>
            <Title headingLevel="h1">{title}</Title>
            {description && <Content component="p">{description}</Content>}
          </div>
          {actions && <div className="page-heading-actions">{actions}</div>}
        </div>
      </PageSection>
      <PageSection>{children}</PageSection>
    </>
  );
}
