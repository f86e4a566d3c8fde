/**
 * The Cove mock's session history agrees with the statistics it serves, and can be changed by
 * tests.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/testing/clock';
import { createCoveMock } from '../../src/testing/cove';

const pad = (n: number) => String(n).padStart(2, '0');

describe('Cove mock sessions', () => {
  const clock = new VirtualClock();
  const mock = createCoveMock({ clock, devices: 60 });

  it("each data source's newest session matches its F00, F15 and F06 columns", () => {
    let checked = 0;
    for (const device of mock.devices) {
      const sessions = mock.sessions(device.id);
      if (device.status === 0) expect(sessions).toEqual([]);
      for (const source of device.dataSources) {
        const newest = sessions.find((s) => s.source === source);
        expect(newest?.startTime).toBe(Number(device.column(`D${pad(source)}F15`)));
        expect(newest?.status).toBe(Number(device.column(`D${pad(source)}F00`)));
        expect(newest?.errorsCount).toBe(Number(device.column(`D${pad(source)}F06`)));
        expect(newest?.errors.reduce((n, e) => n + e.count, 0)).toBe(newest?.errorsCount);
        if (newest?.status === 1) expect(newest.endTime).toBe(0);
        else expect(newest?.endTime).toBeGreaterThan(newest?.startTime ?? 0);
        checked++;
      }
      const ids = sessions.map((s) => s.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
    expect(checked).toBeGreaterThan(60);
  });

  it('has running sessions, disagreeing error counts and an unreachable device', () => {
    const sessions = mock.devices.flatMap((d) => mock.sessions(d.id));
    expect(sessions.some((s) => s.status === 1 && s.endTime === 0)).toBe(true);
    expect(sessions.some((s) => s.errorsCount > 0 && s.errors.length === 0)).toBe(true);
    expect(sessions.some((s) => s.errorsCount === 0 && s.errors.length > 0)).toBe(true);
    expect(
      sessions.some(
        (s) =>
          s.errors.reduce((n, e) => n + e.count, 0) !== s.errorsCount &&
          s.errorsCount > 0 &&
          s.errors.length > 0,
      ),
    ).toBe(true);
    expect(mock.unreachableDeviceIds).toHaveLength(1);
  });

  it('addSession and finishSession change what the services serve', () => {
    const device = mock.devices[0];
    if (!device) throw new Error('no device');
    const before = mock.sessions(device.id).length;
    const running = mock.addSession(device.id, { status: 1 });
    expect(mock.sessions(device.id)[0]).toMatchObject({ id: running.id, status: 1, endTime: 0 });
    clock.advance(600_000);
    mock.finishSession(device.id, running.id, 8, 3);
    expect(mock.sessions(device.id)).toHaveLength(before + 1);
    expect(mock.sessions(device.id)[0]).toMatchObject({ status: 8, errorsCount: 3 });
    expect(mock.sessions(device.id)[0]?.endTime).toBeGreaterThan(running.startTime);
  });
});
