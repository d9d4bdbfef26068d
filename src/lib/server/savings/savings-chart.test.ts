import { describe, expect, it } from 'vitest';
import {
	drawSavingsChart,
	niceCeiling,
	yScale,
	type SavingsChartGeometry,
	type SavingsChartPoint
} from './savings-chart';

const formatAmount = (amount: bigint) => `¤${amount}`;
const formatDay = (on: string) => on.slice(5);
const draw = (points: SavingsChartPoint[]) => drawSavingsChart({ points, formatAmount, formatDay });
const point = (on: string, savings: bigint, loanFund: bigint): SavingsChartPoint => ({
	on,
	savings,
	loanFund
});

/** The [x, y] pairs of a path made of M and L commands. */
function vertices(d: string): [number, number][] {
	return [...d.matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

function line(chart: SavingsChartGeometry, series: 'savings' | 'loanFund'): string {
	const found = chart.lines.find((l) => l.series === series);
	if (!found) throw new Error(`no ${series} line`);
	return found.d;
}

describe('nice ceiling', () => {
	it.each([
		{ amount: 0n, value: 100n },
		{ amount: 1n, value: 100n },
		{ amount: 100n, value: 100n },
		{ amount: 101n, value: 200n },
		{ amount: 201n, value: 250n },
		{ amount: 250n, value: 250n },
		{ amount: 251n, value: 500n },
		{ amount: 501n, value: 1_000n },
		{ amount: 73_400n, value: 100_000n },
		{ amount: 10n ** 13n, value: 10n ** 13n },
		{ amount: 10n ** 13n + 1n, value: 2n * 10n ** 13n },
		{ amount: 2n * 10n ** 13n + 1n, value: 25n * 10n ** 12n }
	])('$amount rounds up to $value', ({ amount, value }) => {
		expect(niceCeiling(amount).value).toBe(value);
	});
});

describe('y scale', () => {
	it.each([
		{ name: 'quarters of 1', lo: 0n, hi: 800n, ticks: [0n, 250n, 500n, 750n, 1_000n] },
		{ name: 'quarters of 2', lo: 0n, hi: 1_500n, ticks: [0n, 500n, 1_000n, 1_500n, 2_000n] },
		{ name: 'halves of 2.5', lo: 0n, hi: 2_100n, ticks: [0n, 1_250n, 2_500n] },
		{ name: 'halves of 5', lo: 100n, hi: 4_999n, ticks: [0n, 2_500n, 5_000n] },
		{ name: 'nothing saved yet', lo: 0n, hi: 0n, ticks: [0n, 25n, 50n, 75n, 100n] },
		{ name: 'a small dip below zero', lo: -300n, hi: 800n, ticks: [-500n, 0n, 500n, 1_000n] },
		{ name: 'a deep dip', lo: -900n, hi: 800n, ticks: [-1_000n, -500n, 0n, 500n, 1_000n] },
		{ name: 'mostly below zero', lo: -1_800n, hi: 300n, ticks: [-2_000n, -1_000n, 0n, 1_000n] },
		{ name: 'all below zero', lo: -40n, hi: -10n, ticks: [-100n, -50n, 0n] }
	])('$name', ({ lo, hi, ticks }) => {
		const { bottom, top, step } = yScale(lo, hi);
		const made: bigint[] = [];
		for (let value = bottom; value <= top; value += step) made.push(value);
		expect(made).toEqual(ticks);
		expect(made.length).toBeGreaterThanOrEqual(3);
		expect(made.length).toBeLessThanOrEqual(5);
	});
});

describe('savings chart', () => {
	const cycle = [
		point('2025-01-01', 0n, 0n),
		point('2025-01-11', 40_000n, 10_000n),
		point('2025-03-12', 73_400n, 52_000n)
	];

	it('places meetings by date, not by their order', () => {
		const chart = draw(cycle);
		const xs = vertices(line(chart, 'savings')).map(([x]) => x);
		const { left, right } = chart.plot;
		expect(xs[0]).toBe(left);
		expect(xs[2]).toBe(right);
		// 10 of the 70 days.
		expect(xs[1]).toBeCloseTo(left + ((right - left) * 10) / 70, 1);
	});

	it('sorts the meetings it is given', () => {
		expect(draw([...cycle].reverse())).toEqual(draw(cycle));
	});

	it('runs the y axis from zero to a round maximum, labelled by the formatter', () => {
		const chart = draw(cycle);
		expect(chart.yTicks.map((t) => t.label)).toEqual([
			'¤100000',
			'¤75000',
			'¤50000',
			'¤25000',
			'¤0'
		]);
		expect(chart.yTicks[0].y).toBe(chart.plot.top);
		expect(chart.yTicks.at(-1)?.y).toBe(chart.plot.bottom);
		const [, , [, highest]] = vertices(line(chart, 'savings'));
		const { top, bottom } = chart.plot;
		expect(highest).toBeCloseTo(bottom - (bottom - top) * 0.734, 1);
		// Room for the longest label (7 characters) left of the plot.
		expect(chart.yLabelX).toBeGreaterThanOrEqual(7 * 14 * 0.5);
	});

	it('labels the first and last days, and others only where they fit', () => {
		const chart = draw(cycle);
		expect(chart.xTicks.map((t) => [t.label, t.anchor])).toEqual([
			['01-01', 'start'],
			['03-12', 'end']
		]);
		const monthly = Array.from({ length: 12 }, (_, i) =>
			point(`2025-${String(i + 1).padStart(2, '0')}-05`, BigInt(i) * 1_000n, 500n)
		);
		// The meetings nearest a third (day 111 of 334) and two thirds (day 223) of the year.
		const ticks = draw(monthly).xTicks;
		expect(ticks.map((t) => t.label)).toEqual(['01-05', '05-05', '08-05', '12-05']);
		expect(ticks.map((t) => t.x)).toEqual([...ticks.map((t) => t.x)].sort((a, b) => a - b));
		const long = drawSavingsChart({
			points: monthly,
			formatAmount,
			formatDay: (on) => `the ${on.slice(8)}th of month ${on.slice(5, 7)}`
		});
		expect(long.xTicks.map((t) => t.label)).toEqual([
			'the 05th of month 01',
			'the 05th of month 12'
		]);
	});

	it('draws a single meeting as a short mark, not an empty path', () => {
		const chart = draw([point('2025-02-01', 5_000n, 2_000n)]);
		expect(chart.empty).toBe(false);
		for (const { d } of chart.lines) expect(d).toMatch(/^M-?[\d.]+ -?[\d.]+h12$/);
		const [[x]] = vertices(line(chart, 'savings'));
		expect(x + 6).toBeCloseTo((chart.plot.left + chart.plot.right) / 2, 1);
		expect(chart.xTicks).toMatchObject([{ label: '02-01', anchor: 'middle' }]);
		expect(chart.xTicks[0].x).toBeCloseTo((chart.plot.left + chart.plot.right) / 2, 1);
	});

	it('is empty with no meetings', () => {
		const chart = draw([]);
		expect(chart).toMatchObject({ empty: true, lines: [], yTicks: [], xTicks: [] });
	});

	it('extends the axis below zero for a negative fund', () => {
		const chart = draw([point('2025-01-01', 1_000n, 200n), point('2025-02-01', 1_600n, -300n)]);
		expect(chart.yTicks.map((t) => t.label)).toEqual(['¤2000', '¤1000', '¤0', '¤-1000']);
		const zero = chart.yTicks[2].y;
		const [, [, fundLow]] = vertices(line(chart, 'loanFund'));
		expect(fundLow).toBeGreaterThan(zero);
		expect(fundLow).toBeLessThanOrEqual(chart.plot.bottom);
	});

	it('keeps amounts of 10^13 minor units exact', () => {
		const big = 10n ** 13n;
		const seen: bigint[] = [];
		const chart = drawSavingsChart({
			points: [point('2025-01-01', big - 1n, big / 2n), point('2025-06-01', big + 1n, 3n)],
			formatAmount: (amount) => {
				seen.push(amount);
				return String(amount);
			},
			formatDay
		});
		expect(seen).toEqual([2n * big, (3n * big) / 2n, big, big / 2n, 0n]);
		expect(chart.yTicks.map((t) => t.label)).toEqual(seen.map(String));
		const [[, start], [, end]] = vertices(line(chart, 'savings'));
		const { top, bottom } = chart.plot;
		expect(start).toBeCloseTo(bottom - (bottom - top) / 2, 1);
		expect(end).toBeCloseTo(bottom - (bottom - top) / 2, 1);
	});

	it('rejects a day that is not a calendar date', () => {
		expect(() => draw([point('2025-02-30', 1n, 1n)])).toThrow(RangeError);
	});

	it.each([
		{ name: 'no meetings', points: [] },
		{ name: 'one meeting', points: [point('2025-01-01', 1n, 1n)] },
		{ name: 'a cycle', points: cycle }
	])('is plain data that survives JSON: $name', ({ points }) => {
		const chart = draw(points);
		expect(JSON.parse(JSON.stringify(chart))).toEqual(chart);
		const numbers = JSON.stringify(chart).match(/-?\d+\.\d+/g) ?? [];
		for (const n of numbers) expect(n).toMatch(/\.\d$/);
	});
});
