/// <reference lib="dom" />
/** FilterSelect rendered in jsdom: the options, choosing one or "any", and a value that is not among the choices. */
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import FilterSelect from '../../../web/src/components/FilterSelect.svelte';


const choices = [
  { value: '2018', label: '2018 (4)' },
  { value: '2019', label: '2019 (1)' },
];

function setup(value: string | undefined, anyLabel?: string) {
  const onchange = vi.fn<(value: string | undefined) => void>();
  const result = render(FilterSelect, { props: { label: 'Year', value, choices, onchange, ...(anyLabel ? { anyLabel } : {}) } });
  const select = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Year' });
  const options = () => [...select.options].map((option) => [option.value, option.textContent]);
  return { ...result, onchange, select, options };
}

describe('FilterSelect', () => {
  it('offers "any" and the choices, with "any" selected when unset', () => {
    const { select, options } = setup(undefined);
    expect(options()).toEqual([
      ['', 'any'],
      ['2018', '2018 (4)'],
      ['2019', '2019 (1)'],
    ]);
    expect(select.value).toBe('');
    expect(select.selectedOptions[0]!.textContent).toBe('any');
  });

  it('names the unset entry as told', () => {
    const { options } = setup('', 'all years');
    expect(options()[0]).toEqual(['', 'all years']);
    expect(options()).toHaveLength(3);
  });

  it('selects the current value', () => {
    const { select, options } = setup('2019');
    expect(select.value).toBe('2019');
    expect(options()).toHaveLength(3);
  });

  it('calls onchange with the chosen value, and undefined for "any"', async () => {
    const { select, onchange } = setup('2018');
    await fireEvent.change(select, { target: { value: '2019' } });
    expect(onchange).toHaveBeenLastCalledWith('2019');
    await fireEvent.change(select, { target: { value: '' } });
    expect(onchange).toHaveBeenLastCalledWith(undefined);
    expect(onchange).toHaveBeenCalledTimes(2);
  });

  it('still shows, and selects, a value that is not among the choices', () => {
    const { select, options } = setup('1999');
    expect(options()).toEqual([
      ['', 'any'],
      ['2018', '2018 (4)'],
      ['2019', '2019 (1)'],
      ['1999', '1999'],
    ]);
    expect(select.value).toBe('1999');
  });

  it('follows a new value from its owner', async () => {
    const { select, options, rerender } = setup(undefined);
    await rerender({ value: '2018' });
    expect(select.value).toBe('2018');
    await rerender({ value: '1999' });
    expect(select.value).toBe('1999');
    expect(options().map(([value]) => value)).toEqual(['', '2018', '2019', '1999']);
    await rerender({ value: undefined });
    expect(select.value).toBe('');
    expect(options()).toHaveLength(3);
  });
});
