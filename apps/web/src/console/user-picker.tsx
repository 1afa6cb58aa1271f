import {
  Button,
  MenuToggle,
  Select,
  SelectList,
  SelectOption,
  TextInputGroup,
  TextInputGroupMain,
  TextInputGroupUtilities,
} from '@patternfly/react-core';
import TimesIcon from '@patternfly/react-icons/dist/esm/icons/times-icon';
import { useEffect, useRef, useState } from 'react';

import type { UserView } from '@coffer/contracts';

import { api } from '../api';
import { useDebounced } from './use-load';

const SUGGESTIONS = 20;

/**
 * A searchable user picker: typing searches the organisation's users (by name or email) on the
 * server, so it works with any number of users; arrows and Enter choose, Escape closes.
 */
export function UserPicker({
  id,
  label,
  selected,
  onSelect,
}: {
  id: string;
  /** The input's accessible name (PatternFly would otherwise call it "Type to filter"). */
  label: string;
  selected: UserView | undefined;
  onSelect: (user: UserView | undefined) => void;
}) {
  const [isOpen, setOpen] = useState(false);
  const [typed, setTyped] = useState(selected?.email ?? '');
  const search = useDebounced(typed, 200);
  const [options, setOptions] = useState<UserView[]>([]);
  const [focused, setFocused] = useState<number>();
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    setTyped(selected?.email ?? '');
  }, [selected]);

  useEffect(() => {
    let live = true;
    const query = search === selected?.email ? '' : search;
    api<UserView[]>(
      'GET',
      `/api/console/users?${new URLSearchParams({ query, limit: String(SUGGESTIONS) })}`,
    ).then(
      (users) => live && setOptions(users),
      () => live && setOptions([]),
    );
    return () => {
      live = false;
    };
  }, [search, selected]);

  function choose(user: UserView | undefined) {
    onSelect(user);
    setTyped(user?.email ?? '');
    setOpen(false);
    setFocused(undefined);
    inputRef.current?.focus();
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      if (options.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setFocused((current) =>
        current === undefined
          ? step === 1
            ? 0
            : options.length - 1
          : (current + step + options.length) % options.length,
      );
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (isOpen && focused !== undefined && options[focused]) choose(options[focused]);
      else setOpen(true);
    } else if (event.key === 'Escape') {
      setOpen(false);
    }
  }

  const activeId = focused !== undefined ? `${id}-option-${focused}` : undefined;
  return (
    <Select
      id={`${id}-select`}
      isOpen={isOpen}
      selected={selected?.id}
      onSelect={(_event, value) => choose(options.find((user) => user.id === value))}
      onOpenChange={(open) => !open && setOpen(false)}
      toggle={(toggleRef) => (
        <MenuToggle
          ref={toggleRef}
          variant="typeahead"
          isExpanded={isOpen}
          isFullWidth
          onClick={() => setOpen((open) => !open)}
          aria-label="Show users"
        >
          <TextInputGroup isPlain>
            <TextInputGroupMain
              inputId={id}
              aria-label={label}
              value={typed}
              onClick={() => setOpen(true)}
              onChange={(_event, value) => {
                setTyped(value);
                setOpen(true);
                setFocused(undefined);
                if (selected && value !== selected.email) onSelect(undefined);
              }}
              inputProps={{ onKeyDown, autoComplete: 'off' }}
              innerRef={inputRef}
              placeholder="Type a name or email"
              role="combobox"
              isExpanded={isOpen}
              aria-controls={`${id}-listbox`}
              aria-activedescendant={activeId}
            />
            {typed && (
              <TextInputGroupUtilities>
                <Button
                  variant="plain"
                  aria-label="Clear the user"
                  icon={<TimesIcon />}
                  onClick={() => choose(undefined)}
                />
              </TextInputGroupUtilities>
            )}
          </TextInputGroup>
        </MenuToggle>
      )}
    >
      <SelectList id={`${id}-listbox`} aria-label="Users">
        {options.length === 0 ? (
          <SelectOption isDisabled value="none">
            No user matches “{typed}”
          </SelectOption>
        ) : (
          options.map((user, index) => (
            <SelectOption
              key={user.id}
              id={`${id}-option-${index}`}
              value={user.id}
              description={user.name}
              isFocused={focused === index}
            >
              {user.email}
            </SelectOption>
          ))
        )}
      </SelectList>
    </Select>
  );
}
