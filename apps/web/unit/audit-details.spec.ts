import { detailRows, humanLabel } from '../src/lib/audit-details';

describe('audit details as labelled values', () => {
  it('labels keys in words', () => {
    expect(humanLabel('previousStatus')).toBe('Previous status');
    expect(humanLabel('allow_web_restore')).toBe('Allow web restore');
    expect(humanLabel('ip')).toBe('IP address');
  });

  it('shows values as words, links as links, nothing as None', () => {
    expect(
      detailRows({
        source: 'gmail',
        previousStatus: 'disabled',
        folders: null,
        messages: 1200,
        allowShare: false,
        link: 'https://coffer.example/download/pst/1',
        changes: { allowWebRestore: true },
        labels: ['Inbox', 'Work/Projects'],
      }),
    ).toEqual([
      { label: 'Source', value: { kind: 'text', text: 'Gmail' } },
      { label: 'Previous status', value: { kind: 'text', text: 'Disabled' } },
      { label: 'Folders', value: { kind: 'none' } },
      { label: 'Messages', value: { kind: 'text', text: '1,200' } },
      { label: 'Allow share', value: { kind: 'text', text: 'No' } },
      {
        label: 'Download link',
        value: { kind: 'link', href: 'https://coffer.example/download/pst/1' },
      },
      { label: 'Changes allow web restore', value: { kind: 'text', text: 'Yes' } },
      { label: 'Labels', value: { kind: 'text', text: 'Inbox, Work/Projects' } },
    ]);
  });
});
