# How debtlog/dossier/fonts/NotoSansSC-Regular-GB2312.otf was made (fonttools, from Debian's fonts-noto-cjk).
from fontTools.ttLib import TTCollection
from fontTools import subset
chars = set(range(0x20, 0x7F)) | set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0)) | set(range(0x2000, 0x2070))
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(ord(bytes([hi, lo]).decode("gb2312")))
        except UnicodeDecodeError:
            pass
print(len(chars))
font = TTCollection("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc").fonts[2]  # Noto Sans CJK SC
opts = subset.Options()
opts.layout_features = ["*"]
opts.name_IDs = ["*"]
opts.name_languages = ["*"]
opts.notdef_outline = True
opts.hinting = False
opts.desubroutinize = False
sub = subset.Subsetter(opts)
sub.populate(unicodes=chars)
sub.subset(font)
font.save("/work/main/debtlog/dossier/fonts/NotoSansSC-Regular-GB2312.otf")
