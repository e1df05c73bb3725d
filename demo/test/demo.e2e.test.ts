/** The demo's specs at today's date, or at NORTHSTAR_NOW when set (how the demo itself reads it). */
import { describeDemo } from './demo-spec.ts';

describeDemo(process.env.NORTHSTAR_NOW || undefined);
