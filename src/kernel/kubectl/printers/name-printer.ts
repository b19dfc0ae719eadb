import type { ResourceInfo } from '../../api/resources.ts';
import { objectRef } from '../resource-types.ts';

/**
 * cli-runtime's name printer: `<kind>[.<group>]/<name>`, followed by ` <operation>` when one
 * is given (`deployment.apps/web created`), and a newline.
 */
export function printName(info: ResourceInfo, name: string, operation?: string): string {
  return `${objectRef(info, name)}${operation ? ` ${operation}` : ''}\n`;
}
