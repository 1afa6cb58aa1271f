import { normalizedSubject, storedSubject, subjectPrefix } from './subject';

describe('subjects as a PST stores them', () => {
  it('finds the prefix by the rules of [MS-PST] 2.5.3.1.1.2', () => {
    expect(subjectPrefix('Re: lunch')).toBe('Re: ');
    expect(subjectPrefix('Fwd:  two spaces')).toBe('Fwd:  ');
    expect(subjectPrefix('AW:ohne Leerzeichen')).toBe('AW:');
    expect(subjectPrefix('Q3: results')).toBe('');
    expect(subjectPrefix('Four: letters')).toBe('');
    expect(subjectPrefix('Спасибо отчёт')).toBe('');
    expect(subjectPrefix('Re: ')).toBe('');
    expect(normalizedSubject('Re: lunch')).toBe('lunch');
    expect(normalizedSubject('À réunion')).toBe('À réunion');
  });

  it('starts PidTagSubject with U+0001 and the prefix length plus one, as Outlook does', () => {
    expect(storedSubject('À réunion crème côté')).toBe('\u0001\u0001À réunion crème côté');
    expect(storedSubject('RE: SUB')).toBe('\u0001\u0005RE: SUB');
    expect(storedSubject('')).toBe('');
  });
});
