import { Button, Toolbar, ToolbarContent, ToolbarGroup, ToolbarItem } from '@patternfly/react-core';
import type { ReactNode } from 'react';

/** The masthead's far end: what `children` show (who is signed in), then Sign out. */
export function MastheadToolbar({
  onSignOut,
  children,
}: {
  onSignOut: () => void;
  children?: ReactNode;
}) {
  return (
    <Toolbar isFullHeight isStatic>
      <ToolbarContent>
        <ToolbarGroup align={{ default: 'alignEnd' }} gap={{ default: 'gapMd' }}>
          {children}
          <ToolbarItem>
            <Button variant="secondary" isInline={false} onClick={onSignOut}>
              Sign out
            </Button>
          </ToolbarItem>
        </ToolbarGroup>
      </ToolbarContent>
    </Toolbar>
  );
}
