/// <reference lib="dom" />
/** LoadState rendered in jsdom: loading, errors with retry, the token form after a 401, not found, empty. */
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import LoadState from '../../../web/src/components/LoadState.svelte';
import { ApiError } from '../../../web/src/lib/api.ts';


function setup(props: { loading?: boolean; error?: ApiError | null; empty?: boolean; emptyText?: string; hasData?: boolean; tokenGiven?: boolean }) {
  const onretry = vi.fn<() => void>();
  const ontoken = vi.fn<(token: string) => void>();
  const result = render(LoadState, { props: { loading: false, error: null, what: 'incidents', onretry, ontoken, ...props } });
  return { ...result, onretry, ontoken };
}

describe('LoadState', () => {
  it('says what is loading while there is no data yet', () => {
    setup({ loading: true });
    expect(screen.getByRole('status').textContent).toBe('Loading incidents…');
  });

  it('shows nothing while loading over data already shown', () => {
    const { container } = setup({ loading: true, hasData: true });
    expect(container.textContent!.trim()).toBe('');
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('shows nothing once data is there and nothing went wrong', () => {
    const { container } = setup({ hasData: true });
    expect(container.textContent!.trim()).toBe('');
  });

  it('shows an error with a retry button that calls onretry', async () => {
    const { onretry, ontoken } = setup({ error: new ApiError(500, 'Request req-1 failed.', 'Internal Server Error'), loading: true });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Could not load incidents.');
    expect(alert.textContent).toContain('Request req-1 failed.');
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.queryByLabelText('Token')).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onretry).toHaveBeenCalledTimes(1);
    expect(ontoken).not.toHaveBeenCalled();
  });

  it('asks for a token after a 401 and passes the typed token on', async () => {
    const { onretry, ontoken } = setup({ error: new ApiError(401, 'A token is required.', 'Unauthorized') });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('This server needs an access token to show incidents.');
    // Plain words for people, not the server's instructions for programs.
    expect(alert.textContent).toContain('Ask whoever runs it for the token (HINDSIGHT_TOKEN).');
    expect(alert.textContent).not.toContain('A token is required.');
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    const input = screen.getByLabelText<HTMLInputElement>('Token');
    expect(input.type).toBe('password');
    await fireEvent.input(input, { target: { value: 's3cret' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Use token' }));
    expect(ontoken).toHaveBeenCalledTimes(1);
    expect(ontoken).toHaveBeenCalledWith('s3cret');
    expect(onretry).not.toHaveBeenCalled();
  });

  it('says the token is not valid when one was sent', () => {
    setup({ error: new ApiError(401, 'the token is not valid', 'Unauthorized'), tokenGiven: true });
    expect(screen.getByRole('alert').textContent).toContain('The token given is not valid.');
    expect(screen.getByLabelText('Token')).toBeTruthy();
  });

  it('says not found after a 404, without retry or token form', () => {
    setup({ error: new ApiError(404, 'No incident "x".', 'Not Found') });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Not found.');
    expect(alert.textContent).toContain('No incident "x".');
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.queryByLabelText('Token')).toBeNull();
  });

  it('shows the empty text when there is nothing, but not while loading', async () => {
    const { rerender } = setup({ empty: true, emptyText: 'No incident matches.' });
    expect(screen.getByRole('status').textContent).toBe('No incident matches.');
    await rerender({ loading: true, hasData: true });
    expect(screen.queryByRole('status')).toBeNull();
    cleanup();
    setup({ empty: true });
    expect(screen.getByRole('status').textContent).toBe('Nothing here.');
  });

  it('shows the error rather than the empty text', () => {
    setup({ empty: true, error: new ApiError(0, 'The server did not answer. Is Hindsight still running?', 'Network Error') });
    expect(screen.getByRole('alert').textContent).toContain('The server did not answer.');
    expect(screen.queryByText('Nothing here.')).toBeNull();
  });
});
