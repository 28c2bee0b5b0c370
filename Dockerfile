# Multi-stage build of the one prep binary. The runtime image carries what
# the pipeline needs at run time: fonts for the PDF report and CA
# certificates for SMTP over TLS and S3.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/prep ./cmd/prep

FROM debian:bookworm-slim
RUN apt-get update \
	&& apt-get install -y --no-install-recommends ca-certificates fonts-dejavu-core fonts-noto-core \
	&& rm -rf /var/lib/apt/lists/* \
	&& useradd --system --uid 10001 --home-dir /data prep \
	&& mkdir -p /data && chown prep /data
COPY --from=build /out/prep /usr/local/bin/prep
USER prep
ENV PREP_DATA_DIR=/data PREP_ADDR=:8080
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["prep"]
CMD ["serve"]
