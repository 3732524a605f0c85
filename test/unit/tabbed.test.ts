// runtime/src/text/tabbed.ts against what Go's text/tabwriter (minwidth 0, tabwidth 8, padding 2, spaces)
// prints for the same input, as kubectl's describers feed it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TabWriter } from '../../runtime/src/text/tabbed';

test('columns align per block of lines that have the cell; a line without a tab ends the block', () => {
  const w = new TabWriter();
  w.write(0, 'Name:\tweb\n');
  w.write(0, 'Service Account:\tdefault\n');
  w.write(0, 'Containers:\n');
  w.write(1, 'app:\n');
  w.write(2, 'Image:\tbusybox\n');
  w.write(2, 'Restart Count:\t0\n');
  assert.equal(w.toString(), 'Name:             web\nService Account:  default\nContainers:\n  app:\n    Image:          busybox\n    Restart Count:  0\n');
});

test('nested columns, text after the last tab unpadded, a continued line, flush starts anew', () => {
  const w = new TabWriter();
  w.write(0, 'Labels:\t');
  w.write(0, 'a=1\n');
  w.write(0, '\tlonger=2\n');
  w.write(1, 'Type\tStatus\n');
  w.write(1, 'Ready \tTrue \n');
  w.flush();
  w.write(0, 'Events:\n  Type\tReason\n');
  w.write(1, 'Normal\tStarted\n');
  assert.equal(w.toString(), 'Labels:   a=1\n          longer=2\n  Type    Status\n  Ready   True \nEvents:\n  Type    Reason\n  Normal  Started\n');
});
