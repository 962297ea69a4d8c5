/**
 * ECharts options for the dashboard, built from the graph's statistics by pure functions (tested
 * without a browser). Each builder returns null when there is nothing to draw, so the page shows
 * its empty state instead of a blank chart.
 */
import type { EChartsCoreOption } from 'echarts/core';

export interface CountItem {
  value: string;
  label?: string | null;
  count: number;
}

export interface QuartileItem {
  value: string;
  label?: string | null;
  count: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
}

/** The name the tile map of départements is registered under. */
export const TILE_MAP = 'jobmarket-departements';

export const PALETTE = [
  '#1d4ed8',
  '#0f766e',
  '#b45309',
  '#7c3aed',
  '#be123c',
  '#15803d',
  '#0369a1',
  '#a16207',
  '#4d7c0f',
  '#9f1239',
];

type LabelOf = (item: { value: string; label?: string | null }) => string;
const defaultLabel: LabelOf = (item) => item.label || item.value;

function usable<T extends { count: number }>(items: readonly T[] | null | undefined): T[] {
  return (items ?? []).filter((item) => Number.isFinite(item.count) && item.count > 0);
}

const base = (): EChartsCoreOption => ({
  color: PALETTE,
  aria: { enabled: true },
  animationDuration: 300,
  textStyle: { fontFamily: 'inherit' },
});

/** Horizontal bars, largest first at the top (top domains, cities, skills). */
export function barOption(
  items: readonly CountItem[] | null | undefined,
  options: { seriesName: string; labelOf?: LabelOf; max?: number; color?: string } = {
    seriesName: '',
  },
): EChartsCoreOption | null {
  const data = usable(items)
    .slice()
    .sort((a, b) => b.count - a.count)
    .slice(0, options.max ?? 20);
  if (data.length === 0) return null;
  const labelOf = options.labelOf ?? defaultLabel;
  const reversed = data.slice().reverse();
  return {
    ...base(),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      data: reversed.map((item) => labelOf(item)),
      axisLabel: { width: 170, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: options.seriesName,
        data: reversed.map((item) => item.count),
        itemStyle: options.color ? { color: options.color } : undefined,
        label: { show: true, position: 'right' },
        barMaxWidth: 22,
      },
    ],
  };
}

/** A donut (contract mix, seniority). */
export function pieOption(
  items: readonly CountItem[] | null | undefined,
  options: { seriesName: string; labelOf?: LabelOf } = { seriesName: '' },
): EChartsCoreOption | null {
  const data = usable(items);
  if (data.length === 0) return null;
  const labelOf = options.labelOf ?? defaultLabel;
  return {
    ...base(),
    tooltip: { trigger: 'item', formatter: '{b} : {c} ({d} %)' },
    legend: { type: 'scroll', bottom: 0 },
    series: [
      {
        type: 'pie',
        name: options.seriesName,
        radius: ['40%', '70%'],
        center: ['50%', '45%'],
        avoidLabelOverlap: true,
        minShowLabelAngle: 6,
        label: { formatter: '{b}\n{d} %' },
        data: data.map((item) => ({ name: labelOf(item), value: item.count })),
      },
    ],
  };
}

/** Salary quartiles by domain: one box per domain (min, q1, median, q3, max). */
export function boxplotOption(
  items: readonly QuartileItem[] | null | undefined,
  options: { seriesName: string; labelOf?: LabelOf; money: (value: number) => string },
): EChartsCoreOption | null {
  const data = usable(items).filter((item) =>
    [item.min, item.q1, item.median, item.q3, item.max].every(Number.isFinite),
  );
  if (data.length === 0) return null;
  const labelOf = options.labelOf ?? defaultLabel;
  return {
    ...base(),
    tooltip: {
      trigger: 'item',
      formatter: (params: { dataIndex: number }) => {
        const item = data[params.dataIndex];
        if (!item) return '';
        return [
          `<strong>${escapeHtml(labelOf(item))}</strong> (${item.count})`,
          `min ${options.money(item.min)}`,
          `Q1 ${options.money(item.q1)}`,
          `médiane ${options.money(item.median)}`,
          `Q3 ${options.money(item.q3)}`,
          `max ${options.money(item.max)}`,
        ].join('<br>');
      },
    },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: data.map((item) => labelOf(item)),
      axisLabel: { interval: 0, rotate: 30, width: 110, overflow: 'truncate' },
    },
    yAxis: {
      type: 'value',
      axisLabel: { formatter: (value: number) => `${Math.round(value / 1000)} k€` },
    },
    series: [
      {
        type: 'boxplot',
        name: options.seriesName,
        data: data.map((item) => [item.min, item.q1, item.median, item.q3, item.max]),
      },
    ],
  };
}

/** The tile map: one square per département, coloured by its count. */
export function mapOption(
  items: readonly CountItem[] | null | undefined,
  options: { seriesName: string; mapName: string; nameOf: (code: string) => string },
): EChartsCoreOption | null {
  const data = usable(items);
  if (data.length === 0) return null;
  const max = Math.max(...data.map((item) => item.count));
  return {
    ...base(),
    tooltip: {
      trigger: 'item',
      formatter: (params: { name: string; value: number }) =>
        `${escapeHtml(params.name)} – ${escapeHtml(options.nameOf(params.name))} : ${Number.isFinite(params.value) ? params.value : 0}`,
    },
    visualMap: {
      min: 0,
      max,
      left: 'right',
      bottom: 0,
      calculable: true,
      inRange: { color: ['#e0ecff', '#1d4ed8'] },
    },
    series: [
      {
        type: 'map',
        name: options.seriesName,
        map: options.mapName,
        roam: false,
        aspectScale: 1,
        label: { show: true, fontSize: 9, color: '#111827' },
        itemStyle: { areaColor: '#f3f4f6', borderColor: '#ffffff' },
        emphasis: { label: { show: true }, itemStyle: { areaColor: '#f59e0b' } },
        data: data.map((item) => ({ name: item.value, value: item.count })),
      },
    ],
  };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** How many series and data points an option draws (what the browser tests check too). */
export function optionSize(option: EChartsCoreOption | null): { series: number; points: number } {
  const series = (option?.series ?? []) as { data?: unknown[] }[];
  const list = Array.isArray(series) ? series : [series];
  return {
    series: list.length,
    points: list.reduce((sum, item) => sum + (item.data?.length ?? 0), 0),
  };
}
