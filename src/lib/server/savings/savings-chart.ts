/*
 * A group's savings and loan fund over the cycle, worked out on the server as SVG geometry: the
 * phone gets two paths and a few labels, never a chart library. Money stays bigint until it
 * becomes a pixel, and the caller formats every label in the member's locale. The server cannot
 * measure text, so label widths are a generous guess from their length; compact amount formats
 * ('25K') leave the lines the most room.
 */
import { isCalendarDate, type CalendarDate } from './calendar-date';

export interface SavingsChartPoint {
	on: CalendarDate;
	/** Minor units, like every amount. */
	savings: bigint;
	loanFund: bigint;
}

export type SavingsSeries = 'savings' | 'loanFund';

/** Strings and numbers only, so that it passes from a load function to the page as it is. */
export interface SavingsChartGeometry {
	width: number;
	height: number;
	/** In viewBox units, which the label widths were guessed for. */
	fontSize: number;
	/** The area the lines are drawn in: grid lines run from left to right. */
	plot: { left: number; right: number; top: number; bottom: number };
	/** Where the y labels end (text-anchor end) and where the x labels sit (their baseline). */
	yLabelX: number;
	xLabelY: number;
	lines: { series: SavingsSeries; d: string }[];
	yTicks: { y: number; label: string }[];
	/** The first label starts at its day and the last ends at its day, so neither leaves the chart. */
	xTicks: { x: number; label: string; anchor: 'start' | 'middle' | 'end' }[];
	empty: boolean;
}

const WIDTH = 320;
const HEIGHT = 180;
/** Drawn 288 px wide (a 320 px screen less the page's padding), 14 units is still 12.6 px. */
const FONT_SIZE = 14;
/** Wider than most digits and letters, so that a guessed width errs on the side of room. */
const CHAR_WIDTH = FONT_SIZE * 0.6;
const GAP = 6;
const MAX_X_LABELS = 4;
/** Half the width of the mark that stands for a single day, which a path could not show. */
const MARK = 6;
const SERIES: readonly SavingsSeries[] = ['savings', 'loanFund'];

export function drawSavingsChart(input: {
	points: readonly SavingsChartPoint[];
	formatAmount: (amount: bigint) => string;
	formatDay: (on: CalendarDate) => string;
}): SavingsChartGeometry {
	const points = [...input.points].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
	const invalid = points.find((point) => !isCalendarDate(point.on));
	if (invalid) throw new RangeError(`Not a calendar date: ${invalid.on}`);

	const top = FONT_SIZE / 2 + 2;
	const bottom = HEIGHT - FONT_SIZE - 10;
	const right = WIDTH - 8;
	const frame = { width: WIDTH, height: HEIGHT, fontSize: FONT_SIZE, xLabelY: HEIGHT - 4 };
	if (points.length === 0) {
		const plot = { left: GAP, right, top, bottom };
		return { ...frame, plot, yLabelX: 0, lines: [], yTicks: [], xTicks: [], empty: true };
	}

	const values = points.flatMap((point) => [point.savings, point.loanFund]);
	const scale = yScale(
		values.reduce((a, b) => (a < b ? a : b)),
		values.reduce((a, b) => (a > b ? a : b))
	);
	const yLabels: { value: bigint; label: string }[] = [];
	for (let value = scale.top; value >= scale.bottom; value -= scale.step) {
		yLabels.push({ value, label: input.formatAmount(value) });
	}
	const longest = Math.max(...yLabels.map(({ label }) => label.length));
	const left = round(Math.min(GAP + longest * CHAR_WIDTH + GAP, WIDTH / 2));
	const y = (value: bigint) =>
		round(
			bottom - (Number(value - scale.bottom) / Number(scale.top - scale.bottom)) * (bottom - top)
		);

	// Meetings are not evenly spaced (a missed month, a holiday), so x follows the calendar.
	const first = dayNumber(points[0].on);
	const span = dayNumber(points[points.length - 1].on) - first;
	const x = (on: CalendarDate) =>
		round(
			span === 0 ? (left + right) / 2 : left + ((dayNumber(on) - first) / span) * (right - left)
		);

	// A single day has no length to draw: a short mark at its latest figures stands for it.
	const last = points[points.length - 1];
	const lines = SERIES.map((series) => ({
		series,
		d:
			span === 0
				? `M${round(x(last.on) - MARK)} ${y(last[series])}h${2 * MARK}`
				: points.map((point, i) => `${i ? 'L' : 'M'}${x(point.on)} ${y(point[series])}`).join('')
	}));

	return {
		...frame,
		plot: { left, right, top, bottom },
		yLabelX: round(left - GAP),
		lines,
		yTicks: yLabels.map(({ value, label }) => ({ y: y(value), label })),
		xTicks: xTicks(points, first, span, x, input.formatDay),
		empty: false
	};
}

/**
 * Zero, and a round extent on the larger side: 1, 2, 2.5 or 5 times a power of ten, in quarters
 * for 1 and 2 (0, 250, 500, 750, 1000) and in halves for 2.5 and 5, which quarters would not
 * split into whole minor units. Below zero the other side takes the same step; halves then keep
 * the whole axis to five ticks.
 */
export function yScale(
	lowest: bigint,
	highest: bigint
): { bottom: bigint; top: bigint; step: bigint } {
	const above = highest > 0n ? highest : 0n;
	const below = lowest < 0n ? -lowest : 0n;
	const extent = niceCeiling(above > below ? above : below);
	const step = extent.value / (below > 0n ? 2n : extent.divisions);
	const stepsFor = (amount: bigint) => (amount + step - 1n) / step;
	return above >= below
		? { bottom: -stepsFor(below) * step, top: extent.value, step }
		: { bottom: -extent.value, top: stepsFor(above) * step, step };
}

/**
 * The smallest of 1, 2, 2.5 and 5 times a power of ten at or above `amount`, and at least 100:
 * a hundred minor units (a coin in most currencies) is the smallest axis whose ticks are all
 * whole minor units.
 */
export function niceCeiling(amount: bigint): { value: bigint; divisions: bigint } {
	for (let power = 100n; ; power *= 10n) {
		for (const [value, divisions] of [
			[power, 4n],
			[power * 2n, 4n],
			[(power * 5n) / 2n, 2n],
			[power * 5n, 2n]
		]) {
			if (value >= amount) return { value, divisions };
		}
	}
}

/** The first and last days always; between them, the meetings nearest the thirds, if they fit. */
function xTicks(
	points: readonly SavingsChartPoint[],
	first: number,
	span: number,
	x: (on: CalendarDate) => number,
	formatDay: (on: CalendarDate) => string
): SavingsChartGeometry['xTicks'] {
	const tick = (on: CalendarDate, anchor: 'start' | 'middle' | 'end') => ({
		x: x(on),
		label: formatDay(on),
		anchor
	});
	if (span === 0) return [tick(points[0].on, 'middle')];

	const ticks = [tick(points[0].on, 'start'), tick(points[points.length - 1].on, 'end')];
	for (let i = 1; i < MAX_X_LABELS - 1; i++) {
		const target = first + (span * i) / (MAX_X_LABELS - 1);
		const nearest = points.reduce((a, b) =>
			Math.abs(dayNumber(b.on) - target) < Math.abs(dayNumber(a.on) - target) ? b : a
		);
		const candidate = tick(nearest.on, 'middle');
		if (ticks.every((other) => apart(candidate, other))) ticks.push(candidate);
	}
	return ticks.sort((a, b) => a.x - b.x);
}

function apart(
	a: SavingsChartGeometry['xTicks'][number],
	b: SavingsChartGeometry['xTicks'][number]
): boolean {
	const [aStart, aEnd] = textSpan(a);
	const [bStart, bEnd] = textSpan(b);
	return aEnd + GAP <= bStart || bEnd + GAP <= aStart;
}

function textSpan({ x, label, anchor }: SavingsChartGeometry['xTicks'][number]): [number, number] {
	const width = label.length * CHAR_WIDTH;
	if (anchor === 'start') return [x, x + width];
	if (anchor === 'end') return [x - width, x];
	return [x - width / 2, x + width / 2];
}

/** Days since 1970; a date-only string parses as midnight UTC, so no time zone moves it. */
function dayNumber(on: CalendarDate): number {
	return Date.parse(on) / 86_400_000;
}

/** One decimal is finer than a pixel, and keeps the paths short. */
function round(value: number): number {
	return Math.round(value * 10) / 10;
}
