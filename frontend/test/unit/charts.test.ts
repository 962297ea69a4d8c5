import { describe, expect, it } from 'vitest';
import {
  barOption,
  boxplotOption,
  escapeHtml,
  mapOption,
  optionSize,
  pieOption,
  TILE_MAP,
} from '../../src/lib/charts';
import { DEPARTEMENTS, REGIONS, tileGeoJson, tileLayout } from '../../src/lib/departements';

const counts = [
  { value: 'M18', label: 'Informatique', count: 5 },
  { value: 'J15', label: 'Soins', count: 12 },
  { value: 'X', label: null, count: 0 },
  { value: 'N11', label: null, count: 3 },
];

describe('chart options', () => {
  it('bars: largest on top, zero counts dropped, limited, labelled', () => {
    const option = barOption(counts, { seriesName: 'Offres', max: 2 }) as {
      yAxis: { data: string[] };
      series: { data: number[]; name: string }[];
    };
    // ECharts draws category axes bottom-up: the largest comes last.
    expect(option.yAxis.data).toEqual(['Informatique', 'Soins']);
    expect(option.series[0]!.data).toEqual([5, 12]);
    expect(option.series[0]!.name).toBe('Offres');
    const all = barOption(counts, { seriesName: 'x' }) as { yAxis: { data: string[] } };
    expect(all.yAxis.data).toEqual(['N11', 'Informatique', 'Soins']);
  });

  it('returns null when there is nothing to draw (empty state)', () => {
    expect(barOption([], { seriesName: 'x' })).toBeNull();
    expect(barOption(null, { seriesName: 'x' })).toBeNull();
    expect(pieOption([{ value: 'a', count: 0 }], { seriesName: 'x' })).toBeNull();
    expect(boxplotOption([], { seriesName: 'x', money: String })).toBeNull();
    expect(mapOption(undefined, { seriesName: 'x', mapName: TILE_MAP, nameOf: String })).toBeNull();
    expect(optionSize(null)).toEqual({ series: 0, points: 0 });
  });

  it('pie: one slice per value with its label', () => {
    const option = pieOption(counts, {
      seriesName: 'Contrats',
      labelOf: (item) => `<${item.value}>`,
    }) as { series: { data: { name: string; value: number }[] }[] };
    expect(option.series[0]!.data).toEqual([
      { name: '<M18>', value: 5 },
      { name: '<J15>', value: 12 },
      { name: '<N11>', value: 3 },
    ]);
    expect(optionSize(option)).toEqual({ series: 1, points: 3 });
  });

  it('boxplot: [min, q1, median, q3, max] per domain, incomplete rows dropped', () => {
    const option = boxplotOption(
      [
        {
          value: 'M18',
          label: 'Informatique',
          count: 10,
          min: 30000,
          q1: 38000,
          median: 42000,
          q3: 50000,
          max: 70000,
        },
        {
          value: 'J15',
          label: 'Soins',
          count: 4,
          min: 20000,
          q1: Number.NaN,
          median: 25000,
          q3: 28000,
          max: 30000,
        },
      ],
      { seriesName: 'Salaire', money: (value) => `${value} €` },
    ) as {
      xAxis: { data: string[] };
      series: { data: number[][] }[];
      tooltip: { formatter: (p: { dataIndex: number }) => string };
    };
    expect(option.xAxis.data).toEqual(['Informatique']);
    expect(option.series[0]!.data).toEqual([[30000, 38000, 42000, 50000, 70000]]);
    expect(option.tooltip.formatter({ dataIndex: 0 })).toContain('médiane 42000 €');
  });

  it('map: counts by département code on the tile map, scale up to the maximum', () => {
    const option = mapOption(
      [
        { value: '69', count: 40 },
        { value: '75', count: 90 },
      ],
      { seriesName: 'Offres', mapName: TILE_MAP, nameOf: () => 'x' },
    ) as {
      visualMap: { max: number };
      series: { map: string; data: { name: string; value: number }[] }[];
    };
    expect(option.visualMap.max).toBe(90);
    expect(option.series[0]!.map).toBe(TILE_MAP);
    expect(option.series[0]!.data).toEqual([
      { name: '69', value: 40 },
      { name: '75', value: 90 },
    ]);
  });

  it('escapes HTML in tooltips', () => {
    expect(escapeHtml('<b>"R&D"</b>')).toBe('&#60;b&#62;&#34;R&#38;D&#34;&#60;/b&#62;');
  });
});

describe('tile map of France', () => {
  it('has every département once, each in its own cell, in a region that exists', () => {
    expect(DEPARTEMENTS).toHaveLength(101);
    const cells = tileLayout();
    expect(cells).toHaveLength(101);
    expect(new Set(cells.map((cell) => `${cell.col}:${cell.row}`)).size).toBe(101);
    for (const item of DEPARTEMENTS) expect(REGIONS[item.region]).toBeDefined();
  });

  it('keeps the shape: Nord above Pyrénées, Finistère left of Bas-Rhin, deterministic', () => {
    const at = new Map(tileLayout().map((cell) => [cell.code, cell]));
    expect(at.get('59')!.row).toBeLessThan(at.get('66')!.row);
    expect(at.get('29')!.col).toBeLessThan(at.get('67')!.col);
    expect(tileLayout()).toEqual(tileLayout());
  });

  it('is valid GeoJSON: closed squares named by code', () => {
    const geo = tileGeoJson();
    expect(geo.features).toHaveLength(101);
    for (const feature of geo.features) {
      const ring = feature.geometry.coordinates[0]!;
      expect(ring).toHaveLength(5);
      expect(ring[0]).toEqual(ring[4]);
    }
    expect(geo.features.find((feature) => feature.properties.name === '2A')?.properties.label).toBe(
      'Corse-du-Sud',
    );
  });
});
