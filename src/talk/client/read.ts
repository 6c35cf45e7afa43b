/** The read view only needs to tell PDF export when fonts and images are in. */
import { signalReady } from "./nav.ts";

signalReady();
