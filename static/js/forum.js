// Optional niceties; every feature of the forum works without this file.
"use strict";
