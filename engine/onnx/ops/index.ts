// Loads every family of ONNX op adapters into the op table (each file registers itself).

import './elementwise.ts';
import './reductions.ts';
import './shape.ts';
import './constants.ts';
import './indexing.ts';
import './nn.ts';
import './conv-transpose.ts';
import './normalization.ts';
import './losses.ts';
import './control.ts';
import './recurrent.ts';
