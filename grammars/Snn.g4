// Grammar of the .snn network description language (DnSoc.Dsl).
//
// The grammar is deliberately shallow: statements have a fixed shape, but parameter lists and
// property blocks are generic `key: value` pairs. Which keys exist, which units they take and
// which values are legal is decided by the binder, so a misspelt key gets a precise diagnostic
// ("unknown property 'treshold' on neuron 'Hidden'; did you mean 'threshold'?") instead of a
// bare syntax error, and new keys never break old files.
//
// Regenerate the committed C# parser with tools/regen-parser.sh after editing this file.
grammar Snn;

file
    : network* EOF
    ;

network
    : NETWORK name=IDENT LBRACE statement* RBRACE
    ;

statement
    : targetStatement
    | timestepsStatement
    | updateStatement
    | inputStatement
    | neuronStatement
    | layerStatement
    | readoutStatement
    | budgetStatement
    | dynamicStatement
    ;

// target dnsoc(clock: 100 MHz, weight_bits: 8);   target tinyodin;   target mcu(core: cortex_m4);
targetStatement
    : TARGET kind=IDENT argumentList? SEMI
    ;

// timesteps 16;
timestepsStatement
    : TIMESTEPS value SEMI
    ;

// update per_event;  (threshold tested after every event)   update per_step;  (once per timestep)
updateStatement
    : UPDATE updateMode=IDENT SEMI
    ;

// input pixels[784] encode rate(seed: 1);   input pixels[28, 28] downsample [14, 14] encode rate;
inputStatement
    : INPUT name=IDENT shape (DOWNSAMPLE downsampled=shape)? ENCODE encoding=IDENT argumentList? SEMI
    ;

// neuron lif Hidden { threshold: 128; leak: subtract 1; reset: zero; }
neuronStatement
    : NEURON model=IDENT name=IDENT propertyBlock
    ;

// layer hidden: Hidden[48] from pixels weights "file.w.txt#hidden";
// layer hidden: Hidden[48] from pixels weights "file.w.txt#hidden" { weight_bits: 8; }
layerStatement
    : LAYER name=IDENT COLON neuronType=IDENT shape FROM source=IDENT (WEIGHTS weightsRef=STRING)? (propertyBlock | SEMI)
    ;

// readout out count;   readout out membrane;
readoutStatement
    : READOUT layer=IDENT readoutMode=IDENT SEMI
    ;

// budget { bram <= 12; power <= 200 mW; }
budgetStatement
    : BUDGET LBRACE budgetItem* RBRACE
    ;

budgetItem
    : metric=IDENT LE value SEMI
    ;

// quantize dynamic { ... }   prune dynamic { ... }   (syntax reserved; meaning comes later)
dynamicStatement
    : kind=(QUANTIZE | PRUNE) dynamicMode=IDENT LBRACE dynamicItem* RBRACE
    ;

dynamicItem
    : property
    | kind=IDENT name=IDENT? LBRACE dynamicItem* RBRACE
    ;

shape
    : LBRACK dims+=INTEGER (COMMA dims+=INTEGER)* RBRACK
    ;

argumentList
    : LPAREN (argument (COMMA argument)*)? RPAREN
    ;

argument
    : key=IDENT COLON value
    ;

propertyBlock
    : LBRACE property* RBRACE
    ;

property
    : key=IDENT COLON value (COMMA value)* SEMI
    ;

// 128   -3   100 MHz   0.5 ms   subtract 1   shift 4   zero   "file.w.txt#t"
value
    : MINUS? number unit=IDENT?            # quantityValue
    | word=IDENT (MINUS? number unit=IDENT?)? # wordValue
    | STRING                                # stringValue
    ;

number
    : INTEGER
    | DECIMAL
    | HEX
    ;

NETWORK   : 'network';
TARGET    : 'target';
TIMESTEPS : 'timesteps';
UPDATE    : 'update';
INPUT     : 'input';
ENCODE    : 'encode';
DOWNSAMPLE : 'downsample';
NEURON    : 'neuron';
LAYER     : 'layer';
FROM      : 'from';
WEIGHTS   : 'weights';
READOUT   : 'readout';
BUDGET    : 'budget';
QUANTIZE  : 'quantize';
PRUNE     : 'prune';

LBRACE : '{';
RBRACE : '}';
LPAREN : '(';
RPAREN : ')';
LBRACK : '[';
RBRACK : ']';
SEMI   : ';';
COLON  : ':';
COMMA  : ',';
LE     : '<=';
MINUS  : '-';

HEX     : '0' [xX] [0-9a-fA-F_]+;
DECIMAL : [0-9]+ '.' [0-9]+ ([eE] [+-]? [0-9]+)? | [0-9]+ [eE] [+-]? [0-9]+;
INTEGER : [0-9] [0-9_]*;
IDENT   : [a-zA-Z_] [a-zA-Z_0-9]*;
STRING  : '"' (~["\\\r\n] | '\\' ["\\])* '"';

LINE_COMMENT  : '//' ~[\r\n]* -> channel(HIDDEN);
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN);
WS            : [ \t\r\n]+ -> channel(HIDDEN);

// Anything else is one bad character; the parser front end turns it into SNN0102.
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ["\\])*;
BAD_CHAR            : .;
