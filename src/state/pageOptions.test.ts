import { describe, expect, it } from 'vitest';
import { parsePageOptions } from './pageOptions';

describe('parsePageOptions', () => {
  it('gives the defaults for a bare page', () => {
    const o = parsePageOptions('http://host/app/');
    expect(o.view.data).toBe('data/demo.json');
    expect(o.manifestUrl).toBe('http://host/app/data/demo.json');
    expect([o.canEditGrids, o.user, o.liveBrokerUrl, o.sensorThingsApiUrl, o.debug, o.buildingsPrimitive]).toEqual([
      true,
      null,
      null,
      null,
      false,
      false,
    ]);
    expect(o.ops).toEqual({ tourId: null, alarmFly: false, alarmHoldS: 15, restartHours: null, tourAtMs: null, tourPaused: false });
  });

  it('reads the shareable view and resolves the manifest against the page', () => {
    const o = parsePageOptions('http://host/app/index.html?mode=grid&lang=en&data=../cities/a.json&layers=buildings');
    expect([o.view.mode, o.view.lang, o.view.layers.buildings, o.view.layers.roads]).toEqual(['grid', 'en', true, false]);
    expect(o.manifestUrl).toBe('http://host/cities/a.json');
  });

  it('reads the role, the user and the debug and bench switches', () => {
    const o = parsePageOptions('http://host/?role=viewer&user=%E6%9D%8E&debug=1&buildings=primitive');
    expect([o.canEditGrids, o.user, o.debug, o.buildingsPrimitive]).toEqual([false, '李', true, true]);
    expect(parsePageOptions('http://host/?role=editor').canEditGrids).toBe(true);
  });

  it("takes the live broker from the URL, this host's port 9001 for 1, else the default; none for 0 or a non-ws URL", () => {
    expect(parsePageOptions('http://wall.local:5173/?live=1').liveBrokerUrl).toBe('ws://wall.local:9001/mqtt');
    expect(parsePageOptions('http://h/?live=wss://b:8884/mqtt').liveBrokerUrl).toBe('wss://b:8884/mqtt');
    expect(parsePageOptions('http://h/?live=http://b/').liveBrokerUrl).toBeNull();
    expect(parsePageOptions('http://h/', { live: 'ws://d:9001/mqtt' }).liveBrokerUrl).toBe('ws://d:9001/mqtt');
    expect(parsePageOptions('http://h/?live=0', { live: 'ws://d:9001/mqtt' }).liveBrokerUrl).toBeNull();
  });

  it('takes the SensorThings API root without trailing slashes; none for 0 or a non-http URL', () => {
    expect(parsePageOptions('http://h/?sta=http://s:8080/v1.1//').sensorThingsApiUrl).toBe('http://s:8080/v1.1');
    expect(parsePageOptions('http://h/?sta=ftp://s/').sensorThingsApiUrl).toBeNull();
    expect(parsePageOptions('http://h/', { sta: 'http://d/v1.1' }).sensorThingsApiUrl).toBe('http://d/v1.1');
    expect(parsePageOptions('http://h/?sta=0', { sta: 'http://d/v1.1' }).sensorThingsApiUrl).toBeNull();
  });

  it("reads ops mode's wall: tour, alarm flights, hold, restart and the restart's handover; bad numbers fall back", () => {
    const o = parsePageOptions('http://h/?mode=ops&tour=t1&alarmFly=1&alarmHoldS=30&restartHours=24&tourAt=7000&tourPaused=1');
    expect(o.ops).toEqual({ tourId: 't1', alarmFly: true, alarmHoldS: 30, restartHours: 24, tourAtMs: 7000, tourPaused: true });
    const bad = parsePageOptions('http://h/?alarmHoldS=-3&restartHours=x&tourAt=0&tour=');
    expect([bad.ops.alarmHoldS, bad.ops.restartHours, bad.ops.tourAtMs, bad.ops.tourId]).toEqual([15, null, null, null]);
  });
});
