#include "MovieEncoder.hpp"

#include <QFile>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

#include "core/Error.hpp"

namespace sei::render {

struct MovieEncoder::State {
  QString path, partPath;
  QSize size;
  AVFormatContext* format = nullptr;
  AVCodecContext* codec = nullptr;
  AVStream* stream = nullptr;
  AVFrame* frame = nullptr;
  AVPacket* packet = nullptr;
  SwsContext* scaler = nullptr;
  int frames = 0;
  bool finished = false;

  [[noreturn]] void fail(const std::string& what, int code = 0) const {
    std::string message = what;
    if (code < 0) {
      char text[AV_ERROR_MAX_STRING_SIZE] = {};
      av_strerror(code, text, sizeof text);
      message += std::string(" (") + text + ")";
    }
    throw InputError(path.toStdString(), 0, message);
  }

  /// Sends a frame (nullptr: end of stream) and writes every packet the encoder has ready.
  void encode(AVFrame* input) {
    int code = avcodec_send_frame(codec, input);
    if (code < 0) fail("encoding a frame failed", code);
    while ((code = avcodec_receive_packet(codec, packet)) >= 0) {
      // One frame long: without it MP4 gives the last frame no duration and players drop it.
      packet->duration = 1;
      av_packet_rescale_ts(packet, codec->time_base, stream->time_base);
      packet->stream_index = stream->index;
      code = av_interleaved_write_frame(format, packet);
      if (code < 0) fail("writing the movie failed", code);
    }
    if (code != AVERROR(EAGAIN) && code != AVERROR_EOF) fail("encoding failed", code);
  }

  ~State() {
    sws_freeContext(scaler);
    av_packet_free(&packet);
    av_frame_free(&frame);
    avcodec_free_context(&codec);
    if (format) {
      if (format->pb) avio_closep(&format->pb);
      avformat_free_context(format);
    }
    if (!finished && !partPath.isEmpty()) QFile::remove(partPath);
  }
};

MovieEncoder::MovieEncoder(const QString& path, const MovieOptions& options)
    : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.path = path;
  s.partPath = path + ".part";
  s.size = QSize(options.size.width() & ~1, options.size.height() & ~1);
  if (s.size.width() < 16 || s.size.height() < 16)
    s.fail("movie size " + std::to_string(options.size.width()) + "x" +
           std::to_string(options.size.height()) + " is too small, expected at least 16x16");
  if (options.framesPerSecond < 1 || options.framesPerSecond > 240)
    s.fail("frame rate " + std::to_string(options.framesPerSecond) + " is outside 1..240");

  const AVCodec* h264 = avcodec_find_encoder(AV_CODEC_ID_H264);
  if (!h264) s.fail("this FFmpeg has no H.264 encoder (libx264)");
  const std::string part = s.partPath.toStdString();
  int code = avformat_alloc_output_context2(&s.format, nullptr, "mp4", part.c_str());
  if (code < 0 || !s.format) s.fail("cannot create an MP4 container", code);
  s.stream = avformat_new_stream(s.format, nullptr);
  s.codec = avcodec_alloc_context3(h264);
  s.frame = av_frame_alloc();
  s.packet = av_packet_alloc();
  if (!s.stream || !s.codec || !s.frame || !s.packet) s.fail("out of memory");

  s.codec->width = s.size.width();
  s.codec->height = s.size.height();
  s.codec->pix_fmt = AV_PIX_FMT_YUV420P;  // what every player decodes
  s.codec->time_base = AVRational{1, options.framesPerSecond};
  s.codec->framerate = AVRational{options.framesPerSecond, 1};
  s.codec->gop_size = options.framesPerSecond;
  if (s.format->oformat->flags & AVFMT_GLOBALHEADER) s.codec->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  av_opt_set(s.codec->priv_data, "preset", "medium", 0);
  av_opt_set_int(s.codec->priv_data, "crf", options.quality, 0);
  code = avcodec_open2(s.codec, h264, nullptr);
  if (code < 0) s.fail("cannot open the H.264 encoder", code);
  code = avcodec_parameters_from_context(s.stream->codecpar, s.codec);
  if (code < 0) s.fail("cannot set the stream parameters", code);
  s.stream->time_base = s.codec->time_base;

  s.frame->format = s.codec->pix_fmt;
  s.frame->width = s.codec->width;
  s.frame->height = s.codec->height;
  code = av_frame_get_buffer(s.frame, 0);
  if (code < 0) s.fail("cannot allocate a frame", code);
  s.scaler =
      sws_getContext(s.size.width(), s.size.height(), AV_PIX_FMT_RGBA, s.size.width(),
                     s.size.height(), AV_PIX_FMT_YUV420P, SWS_BICUBIC, nullptr, nullptr, nullptr);
  if (!s.scaler) s.fail("cannot set up the colour conversion");

  code = avio_open(&s.format->pb, part.c_str(), AVIO_FLAG_WRITE);
  if (code < 0) s.fail("cannot write " + part, code);
  code = avformat_write_header(s.format, nullptr);
  if (code < 0) s.fail("cannot write the MP4 header", code);
}

MovieEncoder::~MovieEncoder() = default;

void MovieEncoder::addFrame(const QImage& image) {
  State& s = *state_;
  if (s.finished) s.fail("frame added after the movie was finished");
  QImage rgba = image.size() == s.size
                    ? image
                    : image.scaled(s.size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
  rgba = rgba.convertToFormat(QImage::Format_RGBA8888);
  const int code = av_frame_make_writable(s.frame);
  if (code < 0) s.fail("cannot reuse the frame buffer", code);
  const uint8_t* source[1] = {rgba.constBits()};
  const int stride[1] = {static_cast<int>(rgba.bytesPerLine())};
  sws_scale(s.scaler, source, stride, 0, s.size.height(), s.frame->data, s.frame->linesize);
  s.frame->pts = s.frames++;
  s.encode(s.frame);
}

void MovieEncoder::finish() {
  State& s = *state_;
  if (s.finished) return;
  s.encode(nullptr);
  const int code = av_write_trailer(s.format);
  if (code < 0) s.fail("cannot finish the MP4 file", code);
  avio_closep(&s.format->pb);
  QFile::remove(s.path);
  if (!QFile::rename(s.partPath, s.path)) s.fail("cannot move the finished movie into place");
  s.finished = true;
}

int MovieEncoder::framesWritten() const { return state_->frames; }

QSize MovieEncoder::size() const { return state_->size; }

}  // namespace sei::render
