namespace KernelC.Runtime;

/// <summary>Diagnostic ids of tensor files (docs/diagnostics.md, KC04xx).</summary>
public static class TensorFileErrors
{
    public const string CannotRead = "KC0401";          // missing, a folder, unreadable
    public const string FileTooLarge = "KC0402";        // above the size a reader accepts
    public const string TooShort = "KC0403";            // safetensors shorter than its 8-byte header length
    public const string HeaderLength = "KC0404";        // header length beyond the file or above 100 MiB
    public const string HeaderNotJson = "KC0405";       // not UTF-8, not JSON, or not an object
    public const string DuplicateKey = "KC0406";
    public const string MissingOrExtraField = "KC0407";
    public const string WrongJsonType = "KC0408";
    public const string UnsupportedDType = "KC0409";
    public const string BadShapeEntry = "KC0410";       // negative, non-integer, or above Tensor.MaxElements
    public const string TooManyElements = "KC0411";     // product of the shape above Tensor.MaxElements
    public const string BadOffset = "KC0412";           // data_offsets entry not an integer in [0, 2^63)
    public const string EndBeforeBegin = "KC0413";
    public const string WrongByteLength = "KC0414";     // end - begin != elements * itemsize
    public const string OutsideBuffer = "KC0415";
    public const string Overlap = "KC0416";
    public const string Hole = "KC0417";
    public const string TrailingBytes = "KC0418";
    public const string BadMetadata = "KC0419";
    public const string UnknownFileType = "KC0420";
    public const string NpyBadPreamble = "KC0421";      // magic, version, header length
    public const string NpyBadHeader = "KC0422";        // the header dict
    public const string NpyUnsupported = "KC0423";      // descr, fortran_order, big-endian, bf16
    public const string NpyDataLength = "KC0424";       // too few or too many data bytes
    public const string CannotWrite = "KC0425";
    public const string NpyNeedsOneTensor = "KC0426";
}
