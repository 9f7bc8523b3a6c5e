import { describeBrokerConformance } from '../src/index.js';
import { fakeHarness } from '../src/index.js';

/** The kit's fake broker passes the whole suite, with no skips: the suite can be passed as written. */
describeBrokerConformance({ name: 'fake', create: fakeHarness });
